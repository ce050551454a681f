import { EntityError, type EnumModel, type LogicalType, type TypeMapping } from '@gati-framework/migrations';

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
 * | enum | the type's name, double-quoted: `"order_status"` | the union of its values |
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
  columnType(type: LogicalType, _enums: readonly EnumModel[]): string {
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
      case 'enum':
        return quotePostgresqlIdentifier(type.name);
      case 'custom':
        return type.raw;
    }
  },

  castTarget(type: LogicalType, enums: readonly EnumModel[]): string {
    // `CAST(x AS decimal(10, 2))`, `CAST(x AS "order_status")`: every column type is a valid cast target.
    // (A cast that the data does not fit, such as non-numeric text to integer, fails and rolls back.)
    return postgresqlTypeMapping.columnType(type, enums);
  },

  tsType(type: LogicalType, enums: readonly EnumModel[]): string {
    switch (type.kind) {
      case 'int':
      case 'float':
        return 'number';
      case 'bigint': // int8: node-postgres returns a string, since it may not fit a JS number
      case 'decimal': // numeric: a string, to keep it exact
      case 'text':
      case 'varchar':
      case 'uuid':
        return 'string';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'json':
        return 'unknown';
      case 'enum': {
        const found = enums.find((e) => e.name === type.name);
        if (!found) return 'string';
        if (found.values.length === 0) return 'never';
        return found.values.map(tsStringLiteral).join(' | ');
      }
      case 'custom':
        return 'unknown';
    }
  },

  literal(value: string | number | boolean | null, _type: LogicalType): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new EntityError(`The default ${value} cannot be written as a PostgreSQL literal; use a finite number.`);
      }
      return String(value);
    }
    return postgresqlStringLiteral(value);
  },
});

/** `it's` -> `'it''s'`: a SQL string literal (standard_conforming_strings, the default since 9.1). */
export function postgresqlStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `order_status` -> `"order_status"`, `my"type` -> `"my""type"`: a quoted identifier, taken literally. */
export function quotePostgresqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `it's` -> `'it\'s'`: a TypeScript string literal type. */
function tsStringLiteral(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}
