import { sql, type Kysely } from 'kysely';
import {
  GatiError,
  compareCodePoints,
  deepFreeze,
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

interface ServerRow {
  readonly database_name: string | null;
  readonly version: string;
}

interface ColumnRow {
  readonly table_name: string;
  readonly column_name: string;
  readonly column_type: string;
  readonly is_nullable: string;
  readonly column_default: string | null;
  readonly extra: string;
}

interface CheckRow {
  readonly table_name: string;
  readonly check_clause: string;
}

interface IndexRow {
  readonly table_name: string;
  readonly index_name: string;
  readonly non_unique: number | string;
  readonly column_name: string | null;
}

interface ForeignKeyRow {
  readonly table_name: string;
  readonly constraint_name: string;
  readonly column_name: string;
  readonly referenced_table_name: string;
  readonly referenced_column_name: string;
  readonly delete_rule: string;
}

/** How the server writes column defaults in `information_schema.COLUMNS.COLUMN_DEFAULT`. */
export type MysqlDefaultStyle = 'mariadb' | 'mysql';

/**
 * Reads the live schema of the connection's database (`DATABASE()`) back into a {@link SchemaModel}, with a
 * few set-based `information_schema` queries on one connection: all columns (COLUMNS joined with TABLES, base
 * tables only, MariaDB's system-versioned ones included, views and sequences left out), all indexes
 * (STATISTICS), all foreign keys (KEY_COLUMN_USAGE with REFERENTIAL_CONSTRAINTS) and, on MariaDB when a
 * longtext column exists, the `json_valid` CHECKs that mark its json columns (CHECK_CONSTRAINTS). Each
 * information_schema table is filtered on the schema by itself (the joined ones in a derived table), so
 * MariaDB scans only this database (EXPLAIN: "Scanned 1 database"), not every database on the server.
 *
 * Types come back from COLUMN_TYPE (see {@link readMysqlColumnType}), defaults from COLUMN_DEFAULT (see
 * {@link parseMysqlDefault}), `generated` from `auto_increment`, the primary key from the PRIMARY index. Every
 * other index is reported under its own name, except the index MySQL creates for a foreign key (it has the
 * constraint's name). An inline `enum(…)` column gets an enum named `<table>_<column>`.
 *
 * `excludeTables` are compared without regard to case. The model is frozen, with tables, indexes, foreign
 * keys and enums sorted by name and columns in table order. Throws a `GatiError` (`NO_DATABASE`) when the
 * connection has no current database.
 *
 * @example
 * ```ts
 * const model = await introspectMysql(db, { excludeTables: ['gati_migrations', 'gati_migrations_lock'] });
 * model.tables.map((t) => t.name); // ['order_items', 'orders', 'users']
 * ```
 */
export async function introspectMysql(db: Kysely<any>, options: IntrospectOptions): Promise<SchemaModel> {
  // One connection for every query, so that DATABASE() means the same database throughout (a transaction
  // already is one connection, and Kysely does not let it hand out another).
  const onOneConnection = <T>(work: (conn: Kysely<any>) => Promise<T>): Promise<T> =>
    db.isTransaction ? work(db) : db.connection().execute(work);
  return onOneConnection(async (conn) => {
    const server = (await sql<ServerRow>`SELECT DATABASE() AS database_name, VERSION() AS version`.execute(conn)).rows[0];
    if (!server || server.database_name === null) {
      throw new GatiError(
        'NO_DATABASE',
        'The mysql connection has no current database to read the schema of; name one in the connection URL (mysql://user@host:3306/database).',
      );
    }
    const style: MysqlDefaultStyle = /mariadb/i.test(server.version) ? 'mariadb' : 'mysql';

    const columnRows = (
      await sql<ColumnRow>`
        SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.COLUMN_TYPE AS column_type,
               c.IS_NULLABLE AS is_nullable, c.COLUMN_DEFAULT AS column_default, c.EXTRA AS extra
        FROM information_schema.COLUMNS AS c
        JOIN (
          SELECT TABLE_NAME FROM information_schema.TABLES
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
        ) AS t ON t.TABLE_NAME = c.TABLE_NAME
        WHERE c.TABLE_SCHEMA = DATABASE()
        ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
      `.execute(conn)
    ).rows;

    // MariaDB's JSON is an alias of LONGTEXT plus CHECK (json_valid(col)); MySQL has a real JSON type.
    const needsChecks = style === 'mariadb' && columnRows.some((row) => /^longtext\b/i.test(row.column_type));
    const checkRows = needsChecks
      ? (
          await sql<CheckRow>`
            SELECT TABLE_NAME AS table_name, CHECK_CLAUSE AS check_clause
            FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = DATABASE() AND CHECK_CLAUSE LIKE 'json_valid(%'
          `.execute(conn)
        ).rows
      : [];

    const indexRows = (
      await sql<IndexRow>`
        SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,
               COLUMN_NAME AS column_name
        FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE()
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
      `.execute(conn)
    ).rows;

    const foreignKeyRows = (
      await sql<ForeignKeyRow>`
        SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name, k.COLUMN_NAME AS column_name,
               k.REFERENCED_TABLE_NAME AS referenced_table_name, k.REFERENCED_COLUMN_NAME AS referenced_column_name,
               r.DELETE_RULE AS delete_rule
        FROM information_schema.KEY_COLUMN_USAGE AS k
        JOIN (
          SELECT TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS
          WHERE CONSTRAINT_SCHEMA = DATABASE()
        ) AS r ON r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
        WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
        ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
      `.execute(conn)
    ).rows;

    return buildSchema(options, style, columnRows, checkRows, indexRows, foreignKeyRows);
  });
}

function buildSchema(
  options: IntrospectOptions,
  style: MysqlDefaultStyle,
  columnRows: readonly ColumnRow[],
  checkRows: readonly CheckRow[],
  indexRows: readonly IndexRow[],
  foreignKeyRows: readonly ForeignKeyRow[],
): SchemaModel {
  const excluded = new Set(options.excludeTables.map((name) => name.toLowerCase()));
  const jsonColumns = new Set<string>();
  for (const row of checkRows) {
    const column = jsonValidColumn(row.check_clause);
    if (column !== undefined) jsonColumns.add(columnKey(row.table_name, column));
  }
  const indexesByTable = groupBy(indexRows, (row) => row.table_name);
  const foreignKeysByTable = groupBy(foreignKeyRows, (row) => row.table_name);

  const tables: TableModel[] = [];
  const enums: EnumModel[] = [];
  for (const [table, rows] of groupBy(columnRows, (row) => row.table_name)) {
    if (excluded.has(table.toLowerCase())) continue;

    const columns = rows.map((row): ColumnModel => {
      const { type, enum: enumModel } = readMysqlColumnType(
        row.column_type,
        `${table}_${row.column_name}`,
        jsonColumns.has(columnKey(table, row.column_name)),
      );
      if (enumModel) enums.push(enumModel);
      const generated = /\bauto_increment\b/i.test(row.extra);
      const defaultValue = generated ? undefined : parseMysqlDefault(row.column_default, type, row.extra, style);
      return {
        name: row.column_name,
        type,
        nullable: row.is_nullable.toUpperCase() === 'YES',
        ...(defaultValue !== undefined ? { default: defaultValue } : {}),
        ...(generated ? { generated: true } : {}),
      };
    });

    const tableIndexes = groupBy(indexesByTable.get(table) ?? [], (row) => row.index_name);
    const tableForeignKeys = readForeignKeys(foreignKeysByTable.get(table) ?? []);
    tables.push({
      name: table,
      columns,
      primaryKey: (tableIndexes.get('PRIMARY') ?? []).map((row) => row.column_name).filter(isString),
      indexes: readIndexes(tableIndexes, new Set(tableForeignKeys.map((fk) => fk.name))),
      foreignKeys: tableForeignKeys,
    });
  }

  return deepFreeze({
    tables: tables.sort((a, b) => compareCodePoints(a.name, b.name)),
    enums: enums.sort((a, b) => compareCodePoints(a.name, b.name)),
  });
}

/**
 * A column's COLUMN_TYPE back to a logical type (case-insensitive, display widths ignored):
 *
 * | COLUMN_TYPE | logical type |
 * |---|---|
 * | `int`, `int(11)` | int |
 * | `bigint`, `bigint(20)` | bigint |
 * | `tinyint(1)` | boolean |
 * | `text`, `longtext` | text (json when `json` is true: MariaDB's JSON) |
 * | `varchar(n)` | varchar n |
 * | `char(36)` | uuid |
 * | `decimal(p,s)` | decimal |
 * | `double`, `float` | float |
 * | `datetime`, `datetime(3)` | timestamp |
 * | `json` | json |
 * | `longblob` (what `binary` is written as) | binary |
 * | `enum('a','b')` | enum `enumName`, and an EnumModel with the values in order |
 *
 * Anything else (`unsigned` variants, `char(10)`, `mediumtext`, `datetime(6)`, `timestamp`, …) -> custom with
 * the COLUMN_TYPE as the server reports it.
 *
 * @example
 * ```ts
 * readMysqlColumnType("enum('draft','it''s')", 'posts_status', false);
 * // { type: { kind: 'enum', name: 'posts_status' }, enum: { name: 'posts_status', values: ['draft', "it's"] } }
 * ```
 */
export function readMysqlColumnType(columnType: string, enumName: string, json: boolean): { type: LogicalType; enum?: EnumModel } {
  const raw = columnType.trim();
  const enumValues = parseMysqlEnumValues(raw);
  if (enumValues !== undefined) {
    return { type: { kind: 'enum', name: enumName }, enum: { name: enumName, values: enumValues } };
  }
  const lower = raw.toLowerCase().replace(/\s+/g, ' ');
  if (json && (lower === 'longtext' || lower === 'text')) return { type: { kind: 'json' } };
  if (/^int(?:\(\d+\))?$/.test(lower)) return { type: { kind: 'int' } };
  if (/^bigint(?:\(\d+\))?$/.test(lower)) return { type: { kind: 'bigint' } };
  if (lower === 'tinyint(1)') return { type: { kind: 'boolean' } };
  if (lower === 'text' || lower === 'longtext') return { type: { kind: 'text' } };
  if (lower === 'char(36)') return { type: { kind: 'uuid' } };
  if (lower === 'double' || lower === 'float') return { type: { kind: 'float' } };
  if (lower === 'datetime' || lower === 'datetime(3)') return { type: { kind: 'timestamp' } };
  if (lower === 'json') return { type: { kind: 'json' } };
  if (lower === 'longblob') return { type: { kind: 'binary' } };
  const varchar = /^varchar\((\d+)\)$/.exec(lower);
  if (varchar) return { type: { kind: 'varchar', length: Number(varchar[1]) } };
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(lower.replace(/ /g, ''));
  if (decimal) return { type: { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) } };
  return { type: { kind: 'custom', raw: lower } };
}

/**
 * The values of an `enum('a','b''c')` COLUMN_TYPE, in order, with the quoting undone; undefined for any
 * other type.
 */
export function parseMysqlEnumValues(columnType: string): string[] | undefined {
  const match = /^enum\s*\((.*)\)$/is.exec(columnType.trim());
  if (!match) return undefined;
  const body = match[1]!;
  const values: string[] = [];
  const literal = /\s*'((?:[^'\\]|''|\\.)*)'\s*(,|$)/sy;
  let index = 0;
  while (index < body.length) {
    literal.lastIndex = index;
    const found = literal.exec(body);
    if (!found) return undefined;
    values.push(unescapeMysqlString(found[1]!));
    index = literal.lastIndex;
    if (found[2] === '') break;
  }
  return values;
}

/**
 * A COLUMN_DEFAULT back to a default. `style` is how the server writes it:
 *
 * - MariaDB (10.2.7+) quotes string literals (`'USD'`, with `''` and `\\` escapes) and writes expressions
 *   bare; `NULL` (bare) is what it reports for a nullable column without a default, so it means none.
 * - MySQL writes literals unquoted and marks expression defaults with `DEFAULT_GENERATED` in EXTRA.
 *
 * A number is a number literal (`1` / `0` on a boolean column -> `true` / `false`), unless it does not fit a
 * JavaScript number exactly (then the SQL text). `CURRENT_TIMESTAMP` in any spelling (`current_timestamp()`,
 * `current_timestamp(3)`) comes back as `CURRENT_TIMESTAMP` or `CURRENT_TIMESTAMP(3)`; any other expression
 * as the server reports it.
 *
 * @example
 * ```ts
 * parseMysqlDefault("'USD'", { kind: 'varchar', length: 3 }, '', 'mariadb');      // literal 'USD'
 * parseMysqlDefault('1', { kind: 'boolean' }, '', 'mariadb');                     // literal true
 * parseMysqlDefault('current_timestamp(3)', { kind: 'timestamp' }, '', 'mariadb'); // sql CURRENT_TIMESTAMP(3)
 * ```
 */
export function parseMysqlDefault(
  columnDefault: string | null,
  type: LogicalType,
  extra: string,
  style: MysqlDefaultStyle,
): DefaultValue | undefined {
  if (columnDefault === null) return undefined;
  const text = style === 'mariadb' ? columnDefault.trim() : columnDefault;
  if (style === 'mariadb') {
    if (text.toUpperCase() === 'NULL') return undefined;
    const quoted = /^'((?:[^'\\]|''|\\.)*)'$/s.exec(text);
    if (quoted) return { kind: 'literal', value: unescapeMysqlString(quoted[1]!) };
    return numberLiteral(text, type) ?? sqlExpression(text);
  }
  // Not DEFAULT_GENERATED: a literal, written without quotes.
  if (/\bDEFAULT_GENERATED\b/i.test(extra)) return sqlExpression(text);
  if (isStringType(type)) return { kind: 'literal', value: text };
  return numberLiteral(text, type) ?? { kind: 'literal', value: text };
}

function numberLiteral(text: string, type: LogicalType): DefaultValue | undefined {
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || significantDigits(text) > 15) return undefined;
  if (type.kind === 'boolean' && (value === 0 || value === 1)) return { kind: 'literal', value: value === 1 };
  return { kind: 'literal', value };
}

/** `1.50` -> 2, `-0012.0` -> 2, `1e3` -> 1: how many digits a JavaScript number must hold exactly. */
function significantDigits(text: string): number {
  const mantissa = text.replace(/^[+-]/, '').replace(/e.*$/i, '');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  const [, fraction = ''] = mantissa.split('.');
  const trailing = fraction.length - fraction.replace(/0+$/, '').length;
  return Math.max(1, digits.length - trailing);
}

function sqlExpression(text: string): DefaultValue {
  const now = /^current_timestamp(?:\(\s*(\d*)\s*\))?$/i.exec(text.trim());
  if (now) return { kind: 'sql', expression: now[1] ? `CURRENT_TIMESTAMP(${now[1]})` : 'CURRENT_TIMESTAMP' };
  return { kind: 'sql', expression: text };
}

const STRING_KINDS: ReadonlySet<LogicalType['kind']> = new Set(['text', 'varchar', 'uuid', 'enum', 'json', 'timestamp']);

function isStringType(type: LogicalType): boolean {
  return STRING_KINDS.has(type.kind);
}

/** The body of a MySQL string literal (between its quotes) as the string it stands for. */
function unescapeMysqlString(body: string): string {
  return body.replace(/''|\\(.)/gs, (match, escaped: string | undefined) => {
    if (escaped === undefined) return "'";
    switch (escaped) {
      case '0':
        return '\0';
      case 'b':
        return '\b';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'Z':
        return '\x1a';
      case '%':
      case '_':
        return match; // kept with their backslash, as MySQL does
      default:
        return escaped;
    }
  });
}

/** `json_valid(\`settings\`)` -> `settings`; undefined for any other CHECK. */
function jsonValidColumn(clause: string): string | undefined {
  const match = /^\s*json_valid\s*\(\s*`((?:[^`]|``)+)`\s*\)\s*$/i.exec(clause);
  return match ? match[1]!.replace(/``/g, '`') : undefined;
}

function readIndexes(byName: ReadonlyMap<string, readonly IndexRow[]>, foreignKeyNames: ReadonlySet<string>): IndexModel[] {
  const indexes: IndexModel[] = [];
  for (const [name, rows] of byName) {
    // The primary key is the table's, not an index; a foreign key's own index is part of the foreign key.
    if (name === 'PRIMARY' || foreignKeyNames.has(name)) continue;
    // An index on an expression (MySQL 8 functional key part) has no column the model could name.
    if (rows.some((row) => row.column_name === null)) continue;
    indexes.push({
      name,
      columns: rows.map((row) => row.column_name as string),
      unique: Number(rows[0]!.non_unique) === 0,
    });
  }
  return indexes.sort((a, b) => compareCodePoints(a.name, b.name));
}

function readForeignKeys(rows: readonly ForeignKeyRow[]): ForeignKeyModel[] {
  const foreignKeys: ForeignKeyModel[] = [];
  for (const [name, fkRows] of groupBy(rows, (row) => row.constraint_name)) {
    const first = fkRows[0]!;
    // MariaDB reports a foreign key declared without ON DELETE as RESTRICT (the same behaviour in InnoDB), so it
    // reads back as `restrict`.
    const onDelete = referentialAction(first.delete_rule);
    foreignKeys.push({
      name,
      columns: fkRows.map((row) => row.column_name),
      referencedTable: first.referenced_table_name,
      referencedColumns: fkRows.map((row) => row.referenced_column_name),
      ...(onDelete !== undefined ? { onDelete } : {}),
    });
  }
  return foreignKeys.sort((a, b) => compareCodePoints(a.name, b.name));
}

function columnKey(table: string, column: string): string {
  return `${table}\u0000${column.toLowerCase()}`;
}

function isString(value: string | null): value is string {
  return value !== null;
}
