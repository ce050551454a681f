import { type EnumModel, type LogicalType, type TypeMapping, sqlStringLiteral } from '@gati-framework/migrations';
import { numberLiteral } from '../shared/number-literal';
import { convertPostgresqlValue } from './postgresql-conversions';
import { type TsTypeTable, tsRowType } from '../shared/ts-row-type';

// What node-postgres returns (see postgresqlTypeMapping).
const POSTGRESQL_TS_TYPES: TsTypeTable = {
  int: 'number',
  bigint: 'string',
  float: 'number',
  decimal: 'string',
  boolean: 'boolean',
  text: 'string',
  varchar: 'string',
  uuid: 'string',
  timestamp: 'Date',
  json: 'unknown',
  binary: 'Uint8Array',
  array: 'element[]',
};

/**
 * How PostgreSQL spells the model's types (the PostgreSQL column of the contract's type table).
 *
 * | logical | column type / cast target | TypeScript (as node-postgres returns it) |
 * |---|---|---|
 * | int | `integer` | `number` |
 * | bigint | `bigint` | `string` (int8 does not fit a JS number) |
 * | text | `text` | `string` |
 * | varchar | `varchar(n)` | `string` |
 * | decimal | `decimal(p, s)` | `string` (exact) |
 * | float | `double precision` | `number` |
 * | boolean | `boolean` | `boolean` |
 * | timestamp | `timestamptz` | `Date` |
 * | json | `jsonb` | `unknown` (parsed) |
 * | uuid | `uuid` | `string` |
 * | binary | `bytea` | `Uint8Array` (a `Buffer`) |
 * | array | the element's type and `[]`: `text[]`, `integer[]`, `timestamptz[]` | the element's, and `[]` |
 * | enum | the type's name, double-quoted: `"order_status"`, `"sales"."order_status"` | the union of its values |
 * | custom | as written | `unknown` |
 *
 * `decimal(p, s)` is spelled with the space Kysely's `ColumnDataType` requires, so
 * `addColumn(name, 'decimal(10, 2)')` works. An enum's name is quoted so that any name (mixed case, a keyword)
 * is taken literally; Kysely takes it through `sql` (`addColumn('status', sql`"order_status"`)`).
 *
 * @example
 * ```ts
 * postgresqlTypeMapping.columnType({ kind: 'decimal', precision: 10, scale: 2 }, []); // 'decimal(10, 2)'
 * postgresqlTypeMapping.castTarget({ kind: 'enum', name: 'order_status' }, enums);    // '"order_status"'
 * postgresqlTypeMapping.tsType({ kind: 'bigint' }, []);                               // 'string'
 * postgresqlTypeMapping.literal("it's", { kind: 'text' });                            // "'it''s'"
 * ```
 */
export const postgresqlTypeMapping: TypeMapping = Object.freeze({
  columnType(type: LogicalType, enums: readonly EnumModel[]): string {
    switch (type.kind) {
      case 'int':
        return 'integer';
      case 'bigint':
        return 'bigint';
      case 'text':
        return 'text';
      case 'varchar':
        return `varchar(${type.length})`;
      case 'decimal':
        return `decimal(${type.precision}, ${type.scale})`;
      case 'float':
        return 'double precision';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'timestamptz';
      case 'json':
        return 'jsonb';
      case 'uuid':
        return 'uuid';
      case 'binary':
        return 'bytea';
      case 'array':
        return `${postgresqlTypeMapping.columnType(type.element, enums)}[]`;
      case 'enum':
        return quotePostgresqlName(type.name);
      case 'custom':
        return type.raw;
    }
  },

  castTarget(type: LogicalType, enums: readonly EnumModel[]): string {
    // `CAST(x AS decimal(10, 2))`, `CAST(x AS "order_status")`: every column type is a valid cast target.
    // (A cast that the data does not fit, such as non-numeric text to integer, fails and rolls back.)
    return postgresqlTypeMapping.columnType(type, enums);
  },

  convertValue: convertPostgresqlValue,

  tsType(type: LogicalType, enums: readonly EnumModel[]): string {
    return tsRowType(type, enums, POSTGRESQL_TS_TYPES);
  },

  literal(value: string | number | boolean | null, type: LogicalType): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') return numberLiteral(value, 'PostgreSQL');
    if (type.kind === 'array') return postgresqlStringLiteral(postgresqlArrayText(value));
    return postgresqlStringLiteral(value);
  },
});

/**
 * An array default as the model writes it, JSON (`[]`, `["a","b c"]`), as PostgreSQL's array text, the way
 * PostgreSQL writes it back (`{}`, `{a,"b c"}`); text that is not a JSON array of scalars (`{a,b}`, written for
 * PostgreSQL) as it stands.
 */
export function postgresqlArrayText(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item))) {
    return value;
  }
  return `{${parsed.map((item) => (item === null ? 'NULL' : arrayElementText(String(item)))).join(',')}}`;
}

/** An element as PostgreSQL writes it back: bare, or double-quoted where it must be (`""`, `"a b"`, `"NULL"`). */
function arrayElementText(item: string): string {
  const bare = item !== '' && item.toUpperCase() !== 'NULL' && !/[{},"\\\s]/.test(item);
  return bare ? item : `"${item.replace(/["\\]/g, '\\$&')}"`;
}

/** `it's` -> `'it''s'`: a SQL string literal (standard_conforming_strings, the default since 9.1). */
export const postgresqlStringLiteral: (value: string) => string = sqlStringLiteral;

/** `order_status` -> `"order_status"`, `my"type` -> `"my""type"`: a quoted identifier, taken literally. */
export function quotePostgresqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `sales.order_status` -> `"sales"."order_status"`: a name of the model (schema-qualified or not) as quoted identifiers. */
export function quotePostgresqlName(name: string): string {
  return name.split('.').map(quotePostgresqlIdentifier).join('.');
}
