import { sql, type Kysely } from 'kysely';
import {
  compareCodePoints,
  deepFreeze,
  foreignKeyName,
  indexName,
  type ColumnModel,
  type DefaultValue,
  type EnumModel,
  type ForeignKeyModel,
  type IndexModel,
  type IntrospectOptions,
  type LogicalType,
  type SchemaModel,
  type TableModel,
} from '@gati-framework/migrations';
import { groupBy } from '../shared/group-by';
import { referentialAction } from '../shared/referential-action';
import { findEnumChecks, hasAutoincrement, tokenizeSql } from './sqlite-create-table-parser';

interface TableRow {
  readonly table_name: string;
  readonly sql: string | null;
}

interface ColumnRow {
  readonly table_name: string;
  readonly cid: number;
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
}

interface IndexRow {
  readonly table_name: string;
  readonly index_name: string;
  readonly is_unique: number;
  readonly origin: string;
  readonly seqno: number;
  readonly column_name: string | null;
}

interface ForeignKeyRow {
  readonly table_name: string;
  readonly id: number;
  readonly seq: number;
  readonly referenced_table: string;
  readonly from_column: string;
  readonly to_column: string | null;
  readonly on_delete: string;
}

/**
 * Reads the live SQLite schema of the `main` database back into a {@link SchemaModel}: four queries over
 * `pragma_table_list` joined with `pragma_table_info`, `pragma_index_list` / `pragma_index_info` and
 * `pragma_foreign_key_list`, plus the `CREATE TABLE` text in `sqlite_master` for AUTOINCREMENT and enum CHECKs.
 *
 * Internal tables (`sqlite_%`), virtual tables and their shadow tables, and `excludeTables` (compared without
 * regard to case, as SQLite does) are left out. The model is frozen, with tables, indexes, foreign keys and
 * enums sorted by name and columns in table order.
 *
 * @example
 * ```ts
 * const model = await introspectSqlite(db, { excludeTables: ['gati_migrations', 'gati_migrations_lock'] });
 * model.tables.map((t) => t.name); // ['order_items', 'orders', 'users']
 * ```
 */
export async function introspectSqlite(db: Kysely<any>, options: IntrospectOptions): Promise<SchemaModel> {
  const excluded = new Set(options.excludeTables.map((name) => name.toLowerCase()));

  const tableRows = (
    await sql<TableRow>`
      SELECT t.name AS table_name, m.sql AS sql
      FROM pragma_table_list AS t
      JOIN sqlite_master AS m ON m.type = 'table' AND m.name = t.name
      WHERE t.schema = 'main' AND t.type = 'table'
      ORDER BY t.name
    `.execute(db)
  ).rows;
  const columnRows = (
    await sql<ColumnRow>`
      SELECT t.name AS table_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk
      FROM pragma_table_list AS t
      JOIN pragma_table_info(t.name, t.schema) AS c
      WHERE t.schema = 'main' AND t.type = 'table'
      ORDER BY t.name, c.cid
    `.execute(db)
  ).rows;
  const indexRows = (
    await sql<IndexRow>`
      SELECT t.name AS table_name, il.name AS index_name, il."unique" AS is_unique, il.origin,
             ii.seqno, ii.name AS column_name
      FROM pragma_table_list AS t
      JOIN pragma_index_list(t.name, t.schema) AS il
      JOIN pragma_index_info(il.name, t.schema) AS ii
      WHERE t.schema = 'main' AND t.type = 'table'
      ORDER BY t.name, il.name, ii.seqno
    `.execute(db)
  ).rows;
  const foreignKeyRows = (
    await sql<ForeignKeyRow>`
      SELECT t.name AS table_name, fk.id, fk.seq, fk."table" AS referenced_table, fk."from" AS from_column,
             fk."to" AS to_column, fk.on_delete
      FROM pragma_table_list AS t
      JOIN pragma_foreign_key_list(t.name, t.schema) AS fk
      WHERE t.schema = 'main' AND t.type = 'table'
      ORDER BY t.name, fk.id, fk.seq
    `.execute(db)
  ).rows;

  const columnsByTable = groupBy(columnRows, (row) => row.table_name);
  const indexesByTable = groupBy(indexRows, (row) => row.table_name);
  const foreignKeysByTable = groupBy(foreignKeyRows, (row) => row.table_name);
  // Every table's primary key (excluded ones too), for `REFERENCES parent` written without columns.
  const primaryKeys = new Map<string, string[]>();
  for (const [table, rows] of columnsByTable) primaryKeys.set(table.toLowerCase(), primaryKeyOf(rows));

  const tables: TableModel[] = [];
  const enums: EnumModel[] = [];
  for (const { table_name: table, sql: createSql } of tableRows) {
    if (isInternalTable(table) || excluded.has(table.toLowerCase())) continue;
    const tokens = tokenizeSql(createSql ?? '');
    const columnInfo = columnsByTable.get(table) ?? [];
    const primaryKey = primaryKeyOf(columnInfo);
    const autoincrement = hasAutoincrement(tokens) && primaryKey.length === 1;

    const enumValues = new Map<string, readonly string[]>();
    for (const check of findEnumChecks(tokens)) {
      const column = columnInfo.find((c) => c.name.toLowerCase() === check.column.toLowerCase());
      if (column && !enumValues.has(column.name)) enumValues.set(column.name, check.values);
    }

    const columns = columnInfo.map((row): ColumnModel => {
      const values = enumValues.get(row.name);
      let type: LogicalType;
      if (values) {
        const name = `${table}_${row.name}`;
        enums.push({ name, values: [...values] });
        type = { kind: 'enum', name };
      } else {
        type = parseSqliteColumnType(row.type);
      }
      const defaultValue = parseSqliteDefault(row.dflt_value);
      return {
        name: row.name,
        type,
        // A single-column INTEGER PRIMARY KEY is the rowid, which never holds NULL, declared NOT NULL or not.
        nullable: row.notnull === 0 && !(primaryKey.length === 1 && row.name === primaryKey[0] && /^integer$/i.test(row.type.trim())),
        ...(defaultValue !== undefined ? { default: defaultValue } : {}),
        ...(autoincrement && row.name === primaryKey[0] ? { generated: true } : {}),
      };
    });

    tables.push({
      name: table,
      columns,
      primaryKey,
      indexes: readIndexes(table, indexesByTable.get(table) ?? []),
      foreignKeys: readForeignKeys(table, foreignKeysByTable.get(table) ?? [], primaryKeys),
    });
  }

  return deepFreeze({
    tables: tables.sort((a, b) => compareCodePoints(a.name, b.name)),
    enums: enums.sort((a, b) => compareCodePoints(a.name, b.name)),
  });
}

/**
 * A declared SQLite column type back to a logical type: `INTEGER`/`INT` -> int, `BIGINT` -> bigint, `TEXT` ->
 * text, `REAL`/`FLOAT`/`DOUBLE [PRECISION]` -> float, `NUMERIC`/`DECIMAL[(p[,s])]` -> decimal (10,0 when
 * absent), `VARCHAR(n)` -> varchar, `BOOLEAN`/`BOOL` -> boolean, `BLOB` -> binary; anything else -> custom with the declared type
 * in lower case (a column declared without a type -> custom `blob`, the affinity it has).
 *
 * @example
 * ```ts
 * parseSqliteColumnType('DECIMAL(12, 2)'); // { kind: 'decimal', precision: 12, scale: 2 }
 * parseSqliteColumnType('DATETIME');       // { kind: 'custom', raw: 'datetime' }
 * ```
 */
export function parseSqliteColumnType(declared: string): LogicalType {
  const raw = declared.trim().toLowerCase();
  const compact = raw.replace(/\s+/g, ' ');
  switch (compact) {
    case '':
      return { kind: 'custom', raw: 'blob' };
    case 'integer':
    case 'int':
      return { kind: 'int' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'text':
      return { kind: 'text' };
    case 'blob':
      return { kind: 'binary' };
    case 'real':
    case 'float':
    case 'double':
    case 'double precision':
      return { kind: 'float' };
    case 'boolean':
    case 'bool':
      return { kind: 'boolean' };
  }
  const decimal = /^(?:numeric|decimal) ?(?:\( ?(\d+) ?(?:, ?(\d+) ?)?\))?$/.exec(compact);
  if (decimal) {
    return {
      kind: 'decimal',
      precision: decimal[1] !== undefined ? Number(decimal[1]) : 10,
      scale: decimal[2] !== undefined ? Number(decimal[2]) : 0,
    };
  }
  const varchar = /^varchar ?\( ?(\d+) ?\)$/.exec(compact);
  if (varchar) return { kind: 'varchar', length: Number(varchar[1]) };
  return { kind: 'custom', raw };
}

/**
 * A column's `dflt_value` (the default's SQL text) back to a default: a quoted string, a number, `NULL`,
 * `TRUE` or `FALSE` -> a literal; anything else (`CURRENT_TIMESTAMP`, `datetime('now')`, …) -> a SQL
 * expression as SQLite reports it. SQLite drops the parentheses of `DEFAULT (expr)`, so the expression comes
 * back without them.
 *
 * @example
 * ```ts
 * parseSqliteDefault("'it''s'");          // { kind: 'literal', value: "it's" }
 * parseSqliteDefault('CURRENT_TIMESTAMP'); // { kind: 'sql', expression: 'CURRENT_TIMESTAMP' }
 * ```
 */
export function parseSqliteDefault(dflt: string | null): DefaultValue | undefined {
  if (dflt === null) return undefined;
  const text = dflt.trim();
  const quoted = /^'((?:[^']|'')*)'$/s.exec(text);
  if (quoted) return { kind: 'literal', value: quoted[1]!.replace(/''/g, "'") };
  const upper = text.toUpperCase();
  if (upper === 'NULL') return { kind: 'literal', value: null };
  if (upper === 'TRUE') return { kind: 'literal', value: true };
  if (upper === 'FALSE') return { kind: 'literal', value: false };
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) {
    const value = Number(text);
    // An integer too large for a JS number stays as written rather than losing digits.
    const isInteger = /^[+-]?\d+$/.test(text);
    if (Number.isFinite(value) && (!isInteger || Number.isSafeInteger(value))) return { kind: 'literal', value };
  }
  return { kind: 'sql', expression: text };
}

function readIndexes(table: string, rows: readonly IndexRow[]): IndexModel[] {
  const indexes: IndexModel[] = [];
  for (const [name, indexRows] of groupBy(rows, (row) => row.index_name)) {
    const first = indexRows[0]!;
    // The primary key's own index is the primary key, not an index of the model.
    if (first.origin === 'pk') continue;
    const columns = indexRows.map((row) => row.column_name);
    // An index on an expression has no column name; the model cannot describe it, so it is left out.
    if (columns.some((column) => column === null)) continue;
    const columnNames = columns as string[];
    const unique = first.is_unique === 1;
    indexes.push({
      // A UNIQUE constraint in CREATE TABLE gets an automatic `sqlite_autoindex_*` name: name it as the model does.
      name: first.origin === 'u' ? indexName(table, columnNames, true) : name,
      columns: columnNames,
      unique,
    });
  }
  return indexes.sort((a, b) => compareCodePoints(a.name, b.name));
}

function readForeignKeys(
  table: string,
  rows: readonly ForeignKeyRow[],
  primaryKeys: ReadonlyMap<string, readonly string[]>,
): ForeignKeyModel[] {
  const foreignKeys: ForeignKeyModel[] = [];
  for (const fkRows of groupBy(rows, (row) => row.id).values()) {
    const first = fkRows[0]!;
    const columns = fkRows.map((row) => row.from_column);
    // `REFERENCES parent` without columns points at the parent's primary key.
    const referencedColumns = fkRows.every((row) => row.to_column !== null)
      ? fkRows.map((row) => row.to_column as string)
      : [...(primaryKeys.get(first.referenced_table.toLowerCase()) ?? [])];
    const onDelete = referentialAction(first.on_delete);
    foreignKeys.push({
      name: foreignKeyName(table, columns),
      columns,
      referencedTable: first.referenced_table,
      referencedColumns,
      ...(onDelete !== undefined ? { onDelete } : {}),
    });
  }
  return foreignKeys.sort((a, b) => compareCodePoints(a.name, b.name));
}

function primaryKeyOf(rows: readonly ColumnRow[]): string[] {
  return rows
    .filter((row) => row.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((row) => row.name);
}

function isInternalTable(name: string): boolean {
  return name.toLowerCase().startsWith('sqlite_');
}
