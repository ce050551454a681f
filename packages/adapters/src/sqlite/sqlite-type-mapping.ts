import { EntityError, type EnumModel, type LogicalType, type TypeMapping } from '@gati-framework/migrations';

/**
 * How SQLite spells the model's types (the SQLite column of the contract's type table).
 *
 * SQLite has five storage classes and decides a column's affinity from its declared type, so most logical
 * types share one: `integer` (int, bigint, boolean), `text` (text, varchar, uuid, timestamp as ISO 8601,
 * json, enum), `real` (float) and `numeric` (decimal). A `custom` type is written as it stands.
 *
 * An enum column is plain `text`: its `CHECK (col IN (…))` is written by the core's emitter, not here.
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
      case 'enum':
        return 'text';
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

  tsType(type: LogicalType, enums: readonly EnumModel[]): string {
    switch (type.kind) {
      case 'int':
      case 'bigint': // better-sqlite3 returns numbers unless `safeIntegers` is turned on
      case 'float':
      case 'decimal':
      case 'boolean': // stored as 0 / 1, returned as a number
        return 'number';
      case 'text':
      case 'varchar':
      case 'uuid':
      case 'timestamp': // ISO 8601 text
      case 'json': // JSON text; the caller parses it
        return 'string';
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
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new EntityError(`The default ${value} cannot be written as a SQLite literal; use a finite number.`);
      }
      return String(value);
    }
    return sqliteStringLiteral(value);
  },
});

/** `it's` -> `'it''s'`: a SQL string literal. */
export function sqliteStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `it's` -> `'it\'s'`: a TypeScript string literal type. */
function tsStringLiteral(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}
