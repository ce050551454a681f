import { type EnumModel, type LogicalType, type TypeMapping, sqlStringLiteral } from '@gati-framework/migrations';
import { numberLiteral } from '../shared/number-literal';
import { convertSqliteValue } from './sqlite-conversions';
import { type TsTypeTable, tsRowType } from '../shared/ts-row-type';

// What better-sqlite3 returns (see sqliteTypeMapping).
const SQLITE_TS_TYPES: TsTypeTable = {
  int: 'number',
  bigint: 'number',
  float: 'number',
  decimal: 'number',
  boolean: 'number',
  text: 'string',
  varchar: 'string',
  uuid: 'string',
  timestamp: 'string',
  json: 'string',
  binary: 'Uint8Array',
  array: 'string',
};

/**
 * How SQLite spells the model's types (the SQLite column of the contract's type table).
 *
 * SQLite has five storage classes and decides a column's affinity from its declared type, so most logical
 * types share one: `integer` (int, bigint, boolean), `text` (text, varchar, uuid, timestamp as ISO 8601,
 * json, an array as a JSON array, enum), `real` (float), `numeric` (decimal) and `blob` (binary). A `custom` type is written as it stands.
 *
 * An enum column is plain `text`: its `CHECK (col IN (…))` is written by the core's emitter, not here.
 *
 * A `CURRENT_TIMESTAMP` default of a timestamp is written `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, ISO 8601 as
 * JavaScript writes a Date (SQLite's own CURRENT_TIMESTAMP has a space and no zone).
 *
 * `tsType` follows what better-sqlite3 returns: every numeric kind (bigint too, unless `safeIntegers` is on, and
 * decimal) as a `number`, booleans as 0 / 1 (`number`), timestamps and JSON as their text (`string`).
 *
 * @example
 * ```ts
 * sqliteTypeMapping.columnType({ kind: 'boolean' }, []);               // 'integer'
 * sqliteTypeMapping.castTarget({ kind: 'float' }, []);                 // 'real'
 * sqliteTypeMapping.tsType({ kind: 'enum', name: 'status' }, enums);   // "'draft' | 'published'"
 * sqliteTypeMapping.literal(true, { kind: 'boolean' });                // '1'
 * ```
 */
export const sqliteTypeMapping: TypeMapping = Object.freeze({
  columnType(type: LogicalType, _enums: readonly EnumModel[]): string {
    switch (type.kind) {
      case 'int':
      case 'bigint':
      case 'boolean':
        return 'integer';
      case 'text':
      case 'varchar':
      case 'uuid':
      case 'timestamp':
      case 'json':
      case 'array': // no arrays: a JSON array as text
      case 'enum':
        return 'text';
      case 'binary':
        return 'blob';
      case 'float':
        return 'real';
      case 'decimal':
        // `numeric(p, s)` has the same NUMERIC affinity as `numeric` (SQLite ignores the arguments), but keeps
        // precision and scale in the schema so that introspection reads back the decimal the model declared.
        // Spelled with the space Kysely's `ColumnDataType` requires, so `addColumn(name, 'numeric(10, 2)')` works.
        return `numeric(${type.precision}, ${type.scale})`;
      case 'custom':
        return type.raw;
    }
  },

  castTarget(type: LogicalType, enums: readonly EnumModel[]): string {
    // CAST takes the affinity name; precision and scale mean nothing to it.
    return type.kind === 'decimal' ? 'numeric' : sqliteTypeMapping.columnType(type, enums);
  },

  convertValue: convertSqliteValue,

  tsType(type: LogicalType, enums: readonly EnumModel[]): string {
    return tsRowType(type, enums, SQLITE_TS_TYPES);
  },

  literal(value: string | number | boolean | null, _type: LogicalType): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (typeof value === 'number') return numberLiteral(value, 'SQLite');
    return sqliteStringLiteral(value);
  },

  defaultExpression(expression: string, type: LogicalType): string {
    // SQLite's CURRENT_TIMESTAMP is `2024-01-15 10:00:00`; a timestamp column holds ISO 8601 text, as JavaScript
    // writes a Date (`toISOString()`: `2024-01-15T10:00:00.000Z`), so that every value sorts and parses alike.
    if (type.kind === 'timestamp' && CURRENT_TIMESTAMP.test(expression)) return SQLITE_ISO_NOW;
    return expression;
  },
});

/** `CURRENT_TIMESTAMP`, `current_timestamp()`, `now()`: the portable spellings of "now". */
const CURRENT_TIMESTAMP = /^\s*\(?\s*(current_timestamp(\(\s*\))?|now\(\s*\))\s*\)?\s*$/i;

/** The current time as ISO 8601 text in UTC, with milliseconds, as `Date.prototype.toISOString()` writes it. */
export const SQLITE_ISO_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/** `it's` -> `'it''s'`: a SQL string literal. */
export const sqliteStringLiteral: (value: string) => string = sqlStringLiteral;
