import type { Adapter } from '../adapter';
import type { LogicalType, SchemaModel } from '../model';
import { findColumn, findTable } from '../model';

const JSON_OR_ARRAY: ReadonlySet<LogicalType['kind']> = new Set(['json', 'array']);

/**
 * Before arrays of scalars had a type of their own, a `string[]` was `json`. Where the dialect stores both alike
 * (MySQL's `json`, SQLite's `text`), a column the last snapshot has as `json` and the entity types now read as an
 * array (or the other way round) is no change: it keeps the snapshot's type, rather than a rebuild or a
 * conversion that changes nothing. On PostgreSQL, where an array is `text[]` and JSON `jsonb`, it is converted.
 *
 * @example
 * keepStoredJsonArrays(snapshot, next, sqliteAdapter); // posts.tags stays json, as the snapshot has it
 */
export function keepStoredJsonArrays(prev: SchemaModel, next: SchemaModel, adapter: Pick<Adapter, 'types'>): SchemaModel {
  const storedAlike = (a: LogicalType, b: LogicalType): boolean =>
    JSON_OR_ARRAY.has(a.kind) &&
    JSON_OR_ARRAY.has(b.kind) &&
    adapter.types.columnType(a, prev.enums) === adapter.types.columnType(b, next.enums);
  let changed = false;
  const tables = next.tables.map((table) => {
    const before = findTable(prev, table.renamedFrom ?? table.name);
    if (!before) return table;
    const columns = table.columns.map((column) => {
      const old = findColumn(before, column.renamedFrom ?? column.name);
      if (!old || old.type.kind === column.type.kind || !storedAlike(old.type, column.type)) return column;
      changed = true;
      return { ...column, type: old.type };
    });
    return { ...table, columns };
  });
  return changed ? { ...next, tables } : next;
}
