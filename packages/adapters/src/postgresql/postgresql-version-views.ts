import { type Kysely, sql } from 'kysely';
import { type ZeroDowntimeOperation, sqlStringLiteral } from '@gati-framework/migrations';
import { inlineSql } from './postgresql-inline-sql';
import { listPostgresqlVersionSchemas } from './postgresql-version-sessions';
import { quotePostgresqlIdentifier as q } from './postgresql-type-mapping';
import { isZeroDowntimeColumn, zeroDowntimeName } from './postgresql-zero-downtime-names';

interface LiveColumn {
  readonly table: string;
  readonly column: string;
  readonly defaultSql: string | null;
  readonly identity: boolean;
}

/**
 * The new version's schema: one view per table of `public` as the new version's entity types describe it (a
 * converted column read from its new column under the old name, a renamed column or table under its new name, a
 * dropped one left out), `security_invoker` so that the application's own grants apply, with each column's default
 * on the view so that an insert through it gets what the table would give. The schema's comment is the version
 * id: how the runtime helper finds which versions have schemas.
 */
export async function createVersionViews(
  db: Kysely<any>,
  input: {
    readonly schema: string;
    readonly version: string;
    readonly operations: readonly ZeroDowntimeOperation[];
    readonly exclude: readonly string[];
  },
): Promise<void> {
  const columns = await liveColumns(db, input.exclude);
  const byTable = new Map<string, LiveColumn[]>();
  for (const column of columns) byTable.set(column.table, [...(byTable.get(column.table) ?? []), column]);
  const ops = input.operations;
  const dropped = new Set(ops.flatMap((op) => (op.kind === 'dropTable' ? [op.table] : [])));
  const tableName = (table: string) => {
    const rename = ops.find((op) => op.kind === 'renameTable' && op.from === table);
    return rename?.kind === 'renameTable' ? rename.to : table;
  };
  const statements = [
    `CREATE SCHEMA IF NOT EXISTS ${q(input.schema)}`,
    `COMMENT ON SCHEMA ${q(input.schema)} IS ${sqlStringLiteral(input.version)}`,
  ];
  for (const [table, tableColumns] of byTable) {
    if (dropped.has(table)) continue;
    const view = `${q(input.schema)}.${q(tableName(table))}`;
    const selected: string[] = [];
    const defaults: string[] = [];
    for (const column of tableColumns) {
      if (isZeroDowntimeColumn(column.column)) continue;
      const op = ops.find((o) => 'table' in o && o.table === table && 'column' in o && o.column === column.column);
      if (op?.kind === 'dropColumn') continue;
      const renamed = ops.find((o) => o.kind === 'renameColumn' && o.table === table && o.from === column.column);
      const name = renamed?.kind === 'renameColumn' ? renamed.to : column.column;
      if (op?.kind === 'alterColumn') {
        selected.push(`${q(zeroDowntimeName('column', column.column))} AS ${q(name)}`);
        if (op.to.default) defaults.push(`ALTER VIEW ${view} ALTER COLUMN ${q(name)} SET DEFAULT ${inlineSql(db, op.to.default)}`);
        continue;
      }
      selected.push(name === column.column ? q(name) : `${q(column.column)} AS ${q(name)}`);
      if (column.defaultSql && !column.identity)
        defaults.push(`ALTER VIEW ${view} ALTER COLUMN ${q(name)} SET DEFAULT ${column.defaultSql}`);
    }
    statements.push(
      `DROP VIEW IF EXISTS ${view}`,
      `CREATE VIEW ${view} WITH (security_invoker = true) AS SELECT ${selected.join(', ')} FROM public.${q(table)}`,
      ...defaults,
    );
  }
  await db.transaction().execute(async (trx) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
  });
}

/** Every column of every table of `public` but the runner's, in column order, with its default as SQL. */
async function liveColumns(db: Kysely<any>, exclude: readonly string[]): Promise<LiveColumn[]> {
  const result = await sql<{ table: string; column: string; default_sql: string | null; identity: string }>`
    SELECT c.relname AS "table", a.attname AS "column", pg_get_expr(d.adbin, d.adrelid) AS default_sql, a.attidentity AS identity
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    ORDER BY c.relname, a.attnum`.execute(db);
  return result.rows
    .filter((row) => !exclude.includes(row.table))
    .map((row) => ({ table: row.table, column: row.column, defaultSql: row.default_sql, identity: row.identity !== '' }));
}

/** Drops the schemas of versions other than `keep` (older ones, at contract: their views name old columns). */
export async function dropVersionSchemas(db: Kysely<any>, keep?: string): Promise<void> {
  for (const { schema } of await listPostgresqlVersionSchemas(db)) {
    if (schema !== keep) await sql.raw(`DROP SCHEMA ${q(schema)} CASCADE`).execute(db);
  }
}
