import { type Kysely, sql } from 'kysely';
import { type ZeroDowntimeOperation, type ZeroDowntimeSupport, sqlStringLiteral, versionSchemaName } from '@gati-framework/migrations';
import { backfillTable, withLockRetries } from './postgresql-backfill';
import { inlineSql } from './postgresql-inline-sql';
import { dropSyncSql, needsSyncTrigger, operationsByTable, syncFunctionSql, syncTriggerSql } from './postgresql-sync-trigger';
import { quotePostgresqlIdentifier as q, quotePostgresqlName } from './postgresql-type-mapping';
import { createVersionViews, dropVersionSchemas } from './postgresql-version-views';
import { listPostgresqlVersionSchemas } from './postgresql-version-sessions';
import { zeroDowntimeName } from './postgresql-zero-downtime-names';

/** The progress key that says the migration's own `expand` code has run (it is not run twice). */
const EXPAND_CODE_DONE = '*expand';

/**
 * Zero-downtime phases on PostgreSQL, in the manner of pgroll and Reshape: new columns kept in step by triggers
 * that know the writer by its session's `gati.version`, a batched backfill, indexes built concurrently, a schema of
 * `security_invoker` views per version; contract and rollback in one transaction each.
 */
export const postgresqlZeroDowntime: ZeroDowntimeSupport = {
  async expand(db, migration, report) {
    const ops = migration.plan.operations;
    if (migration.resumeFrom[EXPAND_CODE_DONE] === undefined) {
      await migration.plan.expand?.(db);
      await report({ table: EXPAND_CODE_DONE, lastKey: 'done', done: 1, total: 1 });
    }
    for (const [table, tableOps] of operationsByTable(ops)) {
      await runEach(db, newColumnsSql(db, table, tableOps));
      if (needsSyncTrigger(tableOps)) {
        await db.transaction().execute(async (trx) => {
          await runEach(trx, [syncFunctionSql(trx, table, migration.version, tableOps), ...syncTriggerSql(table)]);
        });
      }
    }
    for (const [table, tableOps] of operationsByTable(ops)) {
      const { batchSize, pauseMs } = migration.backfill;
      await backfillTable(db, { table, operations: tableOps, batchSize, pauseMs, resumeFrom: migration.resumeFrom[table], report });
      for (const op of tableOps) {
        if (op.kind === 'addColumn') {
          await withLockRetries(() =>
            sql
              .raw(`ALTER TABLE ${quotePostgresqlName(table)} VALIDATE CONSTRAINT ${q(zeroDowntimeName('not_null', op.column))}`)
              .execute(db),
          );
        }
      }
      await buildIndexesOnNewColumns(db, table, tableOps);
    }
    await createVersionViews(db, {
      schema: versionSchemaName(migration.version),
      version: migration.version,
      operations: ops,
      exclude: migration.runnerTables,
    });
  },

  async contractBlockers(db, migration) {
    const blockers: string[] = [];
    for (const op of migration.plan.operations) {
      if (op.kind !== 'alterColumn' || op.to.nullable) continue;
      const table = quotePostgresqlName(op.table);
      const newColumn = q(zeroDowntimeName('column', op.column));
      const missing = await sql
        .raw<{ value: unknown }>(`SELECT ${q(op.column)}::text AS value FROM ${table} WHERE ${newColumn} IS NULL LIMIT 6`)
        .execute(db);
      if (missing.rows.length === 0) continue;
      const count = Number(
        (await sql.raw<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${newColumn} IS NULL`).execute(db)).rows[0]!.n,
      );
      const values = missing.rows.slice(0, 5).map((row) => JSON.stringify(row.value));
      blockers.push(
        `${count} row${count > 1 ? 's' : ''} of ${op.table} have no converted ${op.column} (NOT NULL once contracted), for example ${values.join(', ')}: ` +
          'fix them through either version, or map them in the conversion',
      );
    }
    return blockers;
  },

  async prepareContract(db, migration) {
    for (const op of migration.plan.operations) {
      if (op.kind !== 'alterColumn' || op.to.nullable) continue;
      const check = zeroDowntimeName('not_null', op.column);
      await runEach(db, [
        addNotNullCheckSql(op.table, check, zeroDowntimeName('column', op.column)),
        `ALTER TABLE ${quotePostgresqlName(op.table)} VALIDATE CONSTRAINT ${q(check)}`,
      ]);
    }
  },

  async contract(db, migration) {
    const ops = migration.plan.operations;
    await dropVersionSchemas(db, versionSchemaName(migration.version));
    for (const table of operationsByTable(ops).keys()) await runEach(db, dropSyncSql(table));
    for (const op of ops) await runEach(db, contractSql(db, op));
    await migration.plan.contract?.(db);
  },

  async rollback(db, migration) {
    await postgresqlZeroDowntime.dropVersionSchema(db, migration.version);
    for (const [table, tableOps] of operationsByTable(migration.plan.operations)) {
      await runEach(db, dropSyncSql(table));
      for (const op of tableOps) {
        if (op.kind === 'alterColumn')
          await runEach(db, [
            `ALTER TABLE ${quotePostgresqlName(table)} DROP COLUMN IF EXISTS ${q(zeroDowntimeName('column', op.column))}`,
          ]);
        if (op.kind === 'addColumn') await runEach(db, [`ALTER TABLE ${quotePostgresqlName(table)} DROP COLUMN IF EXISTS ${q(op.column)}`]);
      }
    }
  },

  async releaseVersionViews(db) {
    const schemas = await listPostgresqlVersionSchemas(db);
    if (schemas.length === 0) return false;
    const views = await sql<{ schemaname: string; viewname: string }>`
      SELECT schemaname, viewname FROM pg_views WHERE schemaname = ANY(${schemas.map((s) => s.schema)})`.execute(db);
    for (const view of views.rows) await runEach(db, [`DROP VIEW IF EXISTS ${q(view.schemaname)}.${q(view.viewname)} CASCADE`]);
    return true;
  },

  async refreshVersionViews(db, options) {
    for (const { schema, version } of await listPostgresqlVersionSchemas(db)) {
      if (schema === options.except) continue;
      await createVersionViews(db, { schema, version, operations: [], exclude: options.runnerTables });
    }
  },

  async dropVersionSchema(db, version) {
    await sql.raw(`DROP SCHEMA IF EXISTS ${q(versionSchemaName(version))} CASCADE`).execute(db);
  },

  async sessionsOfOtherVersions(db, version) {
    const result = await sql<{ application_name: string; n: string }>`
      SELECT application_name, count(*) AS n FROM pg_stat_activity
      WHERE application_name LIKE 'gati %' AND application_name <> ${`gati ${version}`}
        AND application_name NOT LIKE ${`gati ${version} for %`} AND pid <> pg_backend_pid() AND datname = current_database()
      GROUP BY application_name ORDER BY application_name`.execute(db);
    return result.rows.map((row) => `${row.application_name} (${row.n})`);
  },
};

async function runEach(db: Kysely<any>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await withLockRetries(() => sql.raw(statement).execute(db));
}

/** The new columns of one table (nullable while both versions write), each added only if it is not there yet. */
function newColumnsSql(db: Kysely<any>, table: string, ops: readonly ZeroDowntimeOperation[]): string[] {
  const target = quotePostgresqlName(table);
  return ops.flatMap((op) => {
    if (op.kind === 'alterColumn')
      return [`ALTER TABLE ${target} ADD COLUMN IF NOT EXISTS ${q(zeroDowntimeName('column', op.column))} ${op.to.type}`];
    if (op.kind !== 'addColumn') return [];
    return [
      `ALTER TABLE ${target} ADD COLUMN IF NOT EXISTS ${q(op.column)} ${op.to.type}${op.to.default ? ` DEFAULT ${inlineSql(db, op.to.default)}` : ''}`,
      addNotNullCheckSql(table, zeroDowntimeName('not_null', op.column), op.column),
    ];
  });
}

/**
 * The indexes the new version has on a column that changes its type, built on the new column CONCURRENTLY (an
 * invalid one left by an interrupted build is dropped and built again); contract gives them their names, once
 * the old column (and its indexes) are gone.
 */
async function buildIndexesOnNewColumns(db: Kysely<any>, table: string, ops: readonly ZeroDowntimeOperation[]): Promise<void> {
  const altered = ops.flatMap((op) => (op.kind === 'alterColumn' ? [op.column] : []));
  const indexes = ops.flatMap((op) => (op.kind === 'alterColumn' ? (op.indexes ?? []) : []));
  const built = new Set<string>();
  for (const index of indexes) {
    const name = zeroDowntimeName('index', index.name);
    if (built.has(name)) continue;
    built.add(name);
    const existing = await sql<{
      valid: boolean;
    }>`SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass(${q(name)})`.execute(db);
    if (existing.rows[0]?.valid) continue;
    if (existing.rows.length > 0) await sql.raw(`DROP INDEX CONCURRENTLY IF EXISTS ${q(name)}`).execute(db);
    const columns = index.columns.map((c) => q(altered.includes(c) ? zeroDowntimeName('column', c) : c)).join(', ');
    await withLockRetries(() =>
      sql
        .raw(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${q(name)} ON ${quotePostgresqlName(table)} (${columns})`)
        .execute(db),
    );
  }
}

/** One operation's contract: the old column dropped and the new one renamed into its place, the physical rename, the drop. */
function contractSql(db: Kysely<any>, op: ZeroDowntimeOperation): string[] {
  switch (op.kind) {
    case 'alterColumn': {
      const table = quotePostgresqlName(op.table);
      const newColumn = q(zeroDowntimeName('column', op.column));
      return [
        `ALTER TABLE ${table} DROP COLUMN ${q(op.column)}`,
        `ALTER TABLE ${table} RENAME COLUMN ${newColumn} TO ${q(op.column)}`,
        // The validated check (prepareContract) proves it: SET NOT NULL scans nothing.
        ...(op.to.nullable
          ? []
          : [
              `ALTER TABLE ${table} ALTER COLUMN ${q(op.column)} SET NOT NULL`,
              `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${q(zeroDowntimeName('not_null', op.column))}`,
            ]),
        ...(op.to.default ? [`ALTER TABLE ${table} ALTER COLUMN ${q(op.column)} SET DEFAULT ${inlineSql(db, op.to.default)}`] : []),
        // The indexes built on the new column take their names (the old ones went with the old column).
        ...(op.indexes ?? []).map(
          (index) => `ALTER INDEX IF EXISTS ${q(zeroDowntimeName('index', index.name))} RENAME TO ${q(index.name)}`,
        ),
      ];
    }
    case 'renameColumn':
      return [`ALTER TABLE ${quotePostgresqlName(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`];
    case 'renameTable':
      return [`ALTER TABLE ${quotePostgresqlName(op.from)} RENAME TO ${q(op.to.split('.').pop()!)}`];
    case 'addColumn': {
      const table = quotePostgresqlName(op.table);
      return [
        `ALTER TABLE ${table} ALTER COLUMN ${q(op.column)} SET NOT NULL`,
        `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${q(zeroDowntimeName('not_null', op.column))}`,
      ];
    }
    case 'dropColumn':
      return [`ALTER TABLE ${quotePostgresqlName(op.table)} DROP COLUMN IF EXISTS ${q(op.column)}`];
    case 'dropTable':
      return [`DROP TABLE IF EXISTS ${quotePostgresqlName(op.table)}`];
  }
}

/**
 * `CHECK (column IS NOT NULL) NOT VALID` under the name `check`, unless the table has it already (a rerun after a
 * crash): it holds for new writes at once and scans nothing until validated.
 */
function addNotNullCheckSql(table: string, check: string, column: string): string {
  return (
    `DO $gati$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${sqlRegclass(table)} AND conname = ${sqlStringLiteral(check)}) THEN ` +
    `ALTER TABLE ${quotePostgresqlName(table)} ADD CONSTRAINT ${q(check)} CHECK (${q(column)} IS NOT NULL) NOT VALID; END IF; END $gati$`
  );
}

function sqlRegclass(table: string): string {
  return `${sqlStringLiteral(quotePostgresqlName(table))}::regclass`;
}
