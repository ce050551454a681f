import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  compareCodePoints,
  deepFreeze,
  isArrayElementType,
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

interface TableRow {
  readonly table_name: string;
}

interface ColumnRow {
  readonly table_name: string;
  readonly column_name: string;
  readonly data_type: string;
  readonly enum_name: string | null;
  readonly not_null: boolean;
  readonly default_expression: string | null;
  /** `a` (ALWAYS), `d` (BY DEFAULT) or '' */
  readonly identity: string;
  /** `s` (a stored generated column) or '' */
  readonly generated: string;
}

interface IndexRow {
  readonly table_name: string;
  readonly index_name: string;
  readonly is_primary: boolean;
  readonly is_unique: boolean;
  readonly is_partial: boolean;
  /** null for an expression */
  readonly column_name: string | null;
}

interface ForeignKeyRow {
  readonly table_name: string;
  readonly constraint_name: string;
  readonly referenced_table: string;
  /** the ON DELETE rule as information_schema spells it: `NO ACTION`, `RESTRICT`, `CASCADE`, `SET NULL`, `SET DEFAULT` */
  readonly on_delete: string;
  readonly column_name: string;
  readonly referenced_column: string;
}

interface EnumRow {
  readonly enum_oid: string;
  readonly enum_name: string;
  readonly label: string;
}

/**
 * Reads the live schema of the current schema (`current_schema()`, normally `public`), and of the other schemas
 * `options.schemas` names (their tables and types named `schema.name`), back into a {@link SchemaModel}, with five set-based catalog queries (tables, columns, indexes, foreign keys, enums), never
 * one per table.
 *
 * - Tables: ordinary and partitioned tables (`pg_class.relkind` `r`, `p`), not partitions, not `excludeTables`
 *   (compared exactly: PostgreSQL names are case-sensitive).
 * - Columns in table order, types mapped back by {@link parsePostgresqlColumnType}; an identity column or a
 *   `nextval(…)` (serial) default is `generated` with no default; other defaults go through
 *   {@link parsePostgresqlDefault}. A stored generated column (`GENERATED ALWAYS AS (…) STORED`) has no default.
 * - The primary key in key order; unique constraints and unique indexes as unique indexes, other indexes as
 *   plain ones, all under their names in the database. Indexes on expressions and partial indexes cannot be
 *   described by the model and are left out, as are the primary key's own index and exclusion constraints.
 * - Foreign keys under their names, with `ON DELETE` mapped (`NO ACTION` and `SET DEFAULT` -> none).
 * - Enums defined in the schema or used by its columns, values in their declared order.
 *
 * The model is frozen, tables, indexes, foreign keys and enums sorted by name as `normalizeSchema` sorts them.
 *
 * @example
 * ```ts
 * const model = await introspectPostgresql(db, { excludeTables: ['gati_migrations', 'gati_migrations_lock'] });
 * model.enums; // [{ name: 'order_status', values: ['pending', 'paid'] }]
 * ```
 */
export async function introspectPostgresql(db: Kysely<any>, options: IntrospectOptions): Promise<SchemaModel> {
  const excluded = [...options.excludeTables];
  const schemas = [...(options.schemas ?? [])];
  // A name as the model spells it: plain in the current schema, `schema.name` in another.
  const modelName = (namespace: RawBuilder<unknown>, name: RawBuilder<unknown>) =>
    sql`CASE WHEN ${namespace} = current_schema() THEN ${name}::text ELSE ${namespace} || '.' || ${name} END`;
  // The tables of the model, as a CTE that every query below starts from.
  const relations = sql`
    rel AS (
      SELECT c.oid, ${modelName(sql.ref('n.nspname'), sql.ref('c.relname'))} AS relname
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE (n.nspname = current_schema() OR n.nspname = ANY (${schemas}::text[]))
        AND c.relkind IN ('r', 'p')
        AND NOT c.relispartition
        AND (n.nspname <> current_schema() OR c.relname <> ALL (${excluded}::text[]))
    )`;

  const [tableRows, columnRows, indexRows, foreignKeyRows, enumRows] = await Promise.all([
    rows<TableRow>(
      db,
      sql`WITH ${relations}
        SELECT rel.relname AS table_name FROM rel ORDER BY rel.relname`,
    ),
    rows<ColumnRow>(
      db,
      sql`WITH ${relations}
        SELECT rel.relname AS table_name,
               a.attname AS column_name,
               pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
               CASE WHEN t.typtype = 'e' THEN ${modelName(sql.ref('tn.nspname'), sql.ref('t.typname'))} END AS enum_name,
               a.attnotnull AS not_null,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expression,
               a.attidentity::text AS identity,
               a.attgenerated::text AS generated
        FROM rel
        JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        ORDER BY rel.relname, a.attnum`,
    ),
    rows<IndexRow>(
      db,
      sql`WITH ${relations}
        SELECT rel.relname AS table_name,
               ic.relname AS index_name,
               i.indisprimary AS is_primary,
               i.indisunique AS is_unique,
               i.indpred IS NOT NULL AS is_partial,
               a.attname AS column_name
        FROM rel
        JOIN pg_catalog.pg_index i ON i.indrelid = rel.oid AND NOT i.indisexclusion
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum = k.attnum AND k.attnum > 0
        WHERE k.position <= i.indnkeyatts
        ORDER BY rel.relname, ic.relname, k.position`,
    ),
    rows<ForeignKeyRow>(
      db,
      sql`WITH ${relations}
        SELECT rel.relname AS table_name,
               con.conname AS constraint_name,
               ${modelName(sql.ref('rn.nspname'), sql.ref('ref.relname'))} AS referenced_table,
               CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                                    WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS on_delete,
               a.attname AS column_name,
               ra.attname AS referenced_column
        FROM rel
        JOIN pg_catalog.pg_constraint con ON con.conrelid = rel.oid AND con.contype = 'f'
        JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
        JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace
        CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, position)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
        JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
        ORDER BY rel.relname, con.conname, k.position`,
    ),
    rows<EnumRow>(
      db,
      sql`WITH ${relations}
        SELECT t.oid::int8::text AS enum_oid, ${modelName(sql.ref('tn.nspname'), sql.ref('t.typname'))} AS enum_name, e.enumlabel AS label
        FROM pg_catalog.pg_type t
        JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
        JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
        WHERE tn.nspname = current_schema()
           OR tn.nspname = ANY (${schemas}::text[])
           OR t.oid IN (
             SELECT a.atttypid FROM rel
             JOIN pg_catalog.pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
           )
        ORDER BY enum_name, t.oid, e.enumsortorder`,
    ),
  ]);

  const columnsByTable = groupBy(columnRows, (row) => row.table_name);
  const indexesByTable = groupBy(indexRows, (row) => row.table_name);
  const foreignKeysByTable = groupBy(foreignKeyRows, (row) => row.table_name);

  const tables: TableModel[] = tableRows.map(({ table_name: table }) => {
    const indexes = readIndexes(indexesByTable.get(table) ?? []);
    return {
      name: table,
      columns: (columnsByTable.get(table) ?? []).map(readColumn),
      primaryKey: indexes.primaryKey,
      indexes: indexes.indexes,
      foreignKeys: readForeignKeys(foreignKeysByTable.get(table) ?? []),
    };
  });

  const enums: EnumModel[] = [...groupBy(enumRows, (row) => row.enum_oid).values()].map((labels) => ({
    name: labels[0]!.enum_name,
    values: labels.map((row) => row.label),
  }));

  return deepFreeze({
    tables: tables.sort((a, b) => compareCodePoints(a.name, b.name)),
    enums: enums.sort((a, b) => compareCodePoints(a.name, b.name)),
  });
}

/**
 * A column type as `format_type()` writes it back to a logical type: `integer` -> int, `bigint` -> bigint,
 * `text` -> text, `character varying(n)` -> varchar (without a length -> text), `numeric(p,s)` -> decimal,
 * `double precision`/`real` -> float, `boolean`, `timestamp with time zone` -> timestamp, `jsonb`/`json` -> json,
 * `uuid`, `bytea` -> binary, an array of one of these scalars (`text[]`, `timestamp with time zone[]`) -> array;
 * the short spellings (`int4`, `int8`, `varchar(n)`, `decimal(p, s)`, `float8`, `bool`, `timestamptz`)
 * too. Anything else (`smallint`, `numeric` without precision, `timestamp without time zone`, `integer[][]` is
 * read as `integer[]`, as PostgreSQL does not keep dimensions; an array of an enum or of jsonb) -> custom, as written. An enum is recognized from the catalog, not from the text (pass `enumName`).
 *
 * @example
 * ```ts
 * parsePostgresqlColumnType('numeric(12,2)');        // { kind: 'decimal', precision: 12, scale: 2 }
 * parsePostgresqlColumnType('character varying');    // { kind: 'text' }
 * parsePostgresqlColumnType('status', 'status');     // { kind: 'enum', name: 'status' }
 * ```
 */
export function parsePostgresqlColumnType(formatted: string, enumName?: string | null): LogicalType {
  if (enumName) return { kind: 'enum', name: enumName };
  const raw = formatted.trim();
  const compact = raw.toLowerCase().replace(/\s+/g, ' ');
  switch (compact) {
    case 'integer':
    case 'int':
    case 'int4':
      return { kind: 'int' };
    case 'bigint':
    case 'int8':
      return { kind: 'bigint' };
    case 'text':
    case 'character varying':
    case 'varchar':
      return { kind: 'text' };
    case 'double precision':
    case 'float8':
    case 'real':
    case 'float4':
      return { kind: 'float' };
    case 'boolean':
    case 'bool':
      return { kind: 'boolean' };
    case 'timestamp with time zone':
    case 'timestamptz':
      return { kind: 'timestamp' };
    case 'jsonb':
    case 'json':
      return { kind: 'json' };
    case 'uuid':
      return { kind: 'uuid' };
    case 'bytea':
      return { kind: 'binary' };
  }
  if (compact.endsWith('[]')) {
    const element = parsePostgresqlColumnType(raw.slice(0, raw.lastIndexOf('[')).replace(/(\[\])+$/, ''));
    return isArrayElementType(element) ? { kind: 'array', element } : { kind: 'custom', raw };
  }
  const varchar = /^(?:character varying|varchar) ?\( ?(\d+) ?\)$/.exec(compact);
  if (varchar) return { kind: 'varchar', length: Number(varchar[1]) };
  const decimal = /^(?:numeric|decimal) ?\( ?(\d+) ?(?:, ?(\d+) ?)?\)$/.exec(compact);
  if (decimal) return { kind: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2] ?? 0) };
  return { kind: 'custom', raw };
}

/** A type name after `::` in a deparsed default: a plain or quoted name, maybe schema-qualified, or a multi-word built-in. */
const CAST_TYPE =
  String.raw`(?:character varying|double precision|bit varying|(?:timestamp|time)(?:\(\d+\))? with(?:out)? time zone|` +
  String.raw`(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)(?:\.(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*))?)(?:\(\d+(?:,\d+)?\))?(?:\[\])*`;
const CASTS = `((?:::${CAST_TYPE})*)`;
const STRING_LITERAL = new RegExp(String.raw`^'((?:[^']|'')*)'${CASTS}$`, 'is');
const NULL_LITERAL = new RegExp(String.raw`^NULL${CASTS}$`, 'i');
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NUMERIC_CAST = /::(?:integer|bigint|smallint|numeric|decimal|real|double precision|int[248]|float[48])(?:\([\d,]+\))?$/i;

/**
 * A default as `pg_get_expr(adbin, adrelid)` writes it back to a default:
 *
 * - `'USD'::character varying`, `'it''s'::text`, `'active'::order_status` -> the string literal;
 *   a quoted number cast to a numeric type (`'-1'::integer`, `'-3.5'::numeric`) -> the number
 * - `42`, `12.50` -> the number (an integer too large for a JS number stays a SQL expression, as written)
 * - `true`, `false` -> the boolean; `NULL`, `NULL::text` -> null
 * - anything else (`now()`, `CURRENT_TIMESTAMP`, `gen_random_uuid()`, `(1 + 2)`) -> a SQL expression, as written
 *
 * `nextval(…)` (serial) is not a default of the model: the introspector reports it as `generated`.
 *
 * @example
 * ```ts
 * parsePostgresqlDefault("'USD'::character varying"); // { kind: 'literal', value: 'USD' }
 * parsePostgresqlDefault("'-1'::integer");            // { kind: 'literal', value: -1 }
 * parsePostgresqlDefault('now()');                    // { kind: 'sql', expression: 'now()' }
 * ```
 */
export function parsePostgresqlDefault(expression: string | null): DefaultValue | undefined {
  if (expression === null) return undefined;
  const text = expression.trim();
  const quoted = STRING_LITERAL.exec(text);
  if (quoted) {
    const value = quoted[1]!.replace(/''/g, "'");
    if (NUMERIC_CAST.test(quoted[2]!) && NUMBER.test(value)) return numberDefault(value);
    return { kind: 'literal', value };
  }
  if (NULL_LITERAL.test(text)) return { kind: 'literal', value: null };
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
  if (NUMBER.test(text)) return numberDefault(text);
  return { kind: 'sql', expression: text };
}

/** A number literal, unless it does not fit a JS number exactly: then the digits as a SQL expression. */
function numberDefault(text: string): DefaultValue {
  const value = Number(text);
  const exact = /[.e]/i.test(text) ? Number.isFinite(value) : Number.isSafeInteger(value);
  return exact ? { kind: 'literal', value } : { kind: 'sql', expression: text };
}

function readColumn(row: ColumnRow): ColumnModel {
  const serial = row.default_expression !== null && /^nextval\(/i.test(row.default_expression.trim());
  const generated = row.identity === 'a' || row.identity === 'd' || serial;
  // A stored generated column's "default" is its generation expression, not a default.
  const defaultValue = generated || row.generated === 's' ? undefined : parsePostgresqlDefault(row.default_expression);
  return {
    name: row.column_name,
    type: parsePostgresqlColumnType(row.data_type, row.enum_name),
    nullable: !row.not_null,
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(generated ? { generated: true } : {}),
  };
}

function readIndexes(rows: readonly IndexRow[]): { primaryKey: string[]; indexes: IndexModel[] } {
  let primaryKey: string[] = [];
  const indexes: IndexModel[] = [];
  for (const [name, indexRows] of groupBy(rows, (row) => row.index_name)) {
    const first = indexRows[0]!;
    const columns = indexRows.map((row) => row.column_name);
    if (first.is_primary) {
      primaryKey = columns.filter((column): column is string => column !== null);
      continue;
    }
    // An expression or a WHERE clause is more than the model can say: leave the index out rather than misreport it.
    if (first.is_partial || columns.some((column) => column === null)) continue;
    indexes.push({ name, columns: columns as string[], unique: first.is_unique });
  }
  return { primaryKey, indexes: indexes.sort((a, b) => compareCodePoints(a.name, b.name)) };
}

function readForeignKeys(rows: readonly ForeignKeyRow[]): ForeignKeyModel[] {
  const foreignKeys: ForeignKeyModel[] = [];
  for (const [name, fkRows] of groupBy(rows, (row) => row.constraint_name)) {
    const first = fkRows[0]!;
    const onDelete = referentialAction(first.on_delete);
    foreignKeys.push({
      name,
      columns: fkRows.map((row) => row.column_name),
      referencedTable: first.referenced_table,
      referencedColumns: fkRows.map((row) => row.referenced_column),
      ...(onDelete !== undefined ? { onDelete } : {}),
    });
  }
  return foreignKeys.sort((a, b) => compareCodePoints(a.name, b.name));
}

async function rows<T>(db: Kysely<any>, query: RawBuilder<T>): Promise<readonly T[]> {
  return (await query.execute(db)).rows;
}
