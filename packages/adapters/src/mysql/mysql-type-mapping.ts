import { EntityError, type EnumModel, type LogicalType, type TypeMapping, sqlStringLiteral } from '@gati-framework/migrations';
import { numberLiteral } from '../shared/number-literal';
import { convertMysqlValue } from './mysql-conversions';
import { type TsTypeTable, tsRowType } from '../shared/ts-row-type';

// What mysql2 returns with supportBigNumbers (see mysqlTypeMapping).
const MYSQL_TS_TYPES: TsTypeTable = {
  int: 'number',
  bigint: 'number',
  float: 'number',
  decimal: 'string',
  boolean: 'number',
  text: 'string',
  varchar: 'string',
  uuid: 'string',
  timestamp: 'Date',
  json: 'unknown',
  binary: 'Uint8Array',
  array: 'unknown',
};

/**
 * How MySQL and MariaDB spell the model's types (the MySQL column of the contract's type table).
 *
 * `columnType` returns strings Kysely's schema builder accepts as they are (`integer`, `double precision`,
 * `decimal(10, 2)` with the space, `datetime(3)`, `char(36)`), except for an enum (`enum('a','b')`), `longblob`
 * (binary) and a custom type, which the emitter wraps in `sql`. An array of scalars is a JSON array (`json`). The server reports some of them under another name when read
 * back: `integer` is `int`, `double precision` is `double`, `boolean` is `tinyint(1)`, and MariaDB stores
 * `json` as `longtext` with a `CHECK (json_valid(col))` (the introspector reads all of them back).
 *
 * `castTarget` is limited to what `CAST(x AS …)` accepts: `signed` for integers and booleans, `double`,
 * `decimal(p,s)`, `datetime(3)`, and `char` for every string type. MariaDB has no `CAST(… AS JSON)`, so json
 * casts to `char`; the `CHECK (json_valid(…))` MariaDB adds to a json column validates the result.
 *
 * `tsType` follows what mysql2 returns with this adapter's pool settings (`supportBigNumbers`, not
 * `bigNumberStrings`): DECIMAL as a string, BIGINT as a number (as a string beyond ±2^53), `tinyint(1)` booleans as 0 / 1,
 * DATETIME as a `Date`, and JSON parsed (MySQL) or as text (MariaDB's longtext), hence `unknown`.
 *
 * @example
 * ```ts
 * mysqlTypeMapping.columnType({ kind: 'decimal', precision: 10, scale: 2 }, []); // 'decimal(10, 2)'
 * mysqlTypeMapping.columnType({ kind: 'enum', name: 'status' }, enums);          // "enum('draft','published')"
 * mysqlTypeMapping.castTarget({ kind: 'int' }, []);                              // 'signed'
 * mysqlTypeMapping.literal(true, { kind: 'boolean' });                           // '1'
 * ```
 */
export const mysqlTypeMapping: TypeMapping = Object.freeze({
  columnType(type: LogicalType, enums: readonly EnumModel[]): string {
    switch (type.kind) {
      case 'int':
        // MySQL names it `int`; Kysely's schema builder accepts `integer` as a plain string, `int` only via sql``.
        return 'integer';
      case 'bigint':
        return 'bigint';
      case 'text':
        return 'text';
      case 'varchar':
        return `varchar(${type.length})`;
      case 'decimal':
        // With the space: Kysely's data-type check accepts `decimal(10, 2)`, not `decimal(10,2)`.
        return `decimal(${type.precision}, ${type.scale})`;
      case 'float':
        return 'double precision';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'datetime(3)';
      case 'json':
      case 'array': // no arrays: a JSON array
        return 'json';
      case 'uuid':
        return 'char(36)';
      case 'binary':
        return 'longblob';
      case 'enum':
        return `enum(${enumValues(type.name, enums).map(mysqlStringLiteral).join(',')})`;
      case 'custom':
        return type.raw;
    }
  },

  castTarget(type: LogicalType, _enums: readonly EnumModel[]): string {
    switch (type.kind) {
      case 'int':
      case 'bigint':
      case 'boolean':
        return 'signed';
      case 'decimal':
        return `decimal(${type.precision},${type.scale})`;
      case 'float':
        return 'double';
      case 'text':
      case 'varchar':
      case 'uuid':
      case 'enum':
      case 'json': // MariaDB has no CAST(… AS JSON); its json_valid CHECK validates the text instead
      case 'array':
        return 'char';
      case 'binary':
        return 'binary';
      case 'timestamp':
        return 'datetime(3)';
      case 'custom':
        return type.raw;
    }
  },

  convertValue: convertMysqlValue,

  tsType(type: LogicalType, enums: readonly EnumModel[]): string {
    return tsRowType(type, enums, MYSQL_TS_TYPES);
  },

  literal(value: string | number | boolean | null, _type: LogicalType): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (typeof value === 'number') return numberLiteral(value, 'MySQL');
    return mysqlStringLiteral(value);
  },

  defaultExpression(expression: string, type: LogicalType): string {
    // Timestamps are datetime(3): MySQL rejects a CURRENT_TIMESTAMP default of another precision, and MariaDB
    // stores it as current_timestamp(3).
    if (type.kind === 'timestamp' && /^\s*(current_timestamp(\(\s*\))?|now\(\s*\))\s*$/i.test(expression)) {
      return 'CURRENT_TIMESTAMP(3)';
    }
    return expression;
  },
});

/**
 * `it's` -> `'it''s'`, `a\b` -> `'a\\b'`: a MySQL string literal. Quotes are doubled and backslashes escaped,
 * which reads back the same under the default SQL mode (where a backslash escapes) and is what MySQL itself
 * writes in `SHOW CREATE TABLE` and `information_schema`.
 */
export function mysqlStringLiteral(value: string): string {
  return sqlStringLiteral(value.replace(/\\/g, '\\\\'));
}

function enumValues(name: string, enums: readonly EnumModel[]): readonly string[] {
  const found = enums.find((e) => e.name === name);
  if (!found) {
    throw new EntityError(`The enum "${name}" is used by a column but not defined in the schema, so MySQL cannot declare the column.`);
  }
  if (found.values.length === 0) {
    throw new EntityError(`The enum "${name}" has no values; MySQL's ENUM needs at least one.`);
  }
  return found.values;
}
