import type { TableModel } from '../model';
import type { Operation } from './change-set';
import { copyIndex } from './copy-model';
import { sameIndexDefinition } from './definition-equality';
import type { RenameMap } from './rename-map';

export interface IndexChanges {
  /** Applied before the column changes; the indexes as they were (previous column names). */
  readonly drops: Operation[];
  /** Applied after the column changes and new tables. */
  readonly creates: Operation[];
}

/**
 * Indexes of one kept table, matched by name and compared after column renames: an index whose columns were
 * only renamed is left alone; a changed index is dropped and created again.
 */
export function diffIndexes(prev: TableModel, next: TableModel, names: RenameMap): IndexChanges {
  const table = next.name;
  const nextByName = new Map(next.indexes.map((index) => [index.name, index]));
  const unchanged = new Set<string>();
  for (const index of prev.indexes) {
    const counterpart = nextByName.get(index.name);
    const renamed = { ...index, columns: names.columnsOf(prev.name, index.columns) };
    if (counterpart && sameIndexDefinition(renamed, counterpart)) unchanged.add(index.name);
  }
  return {
    drops: prev.indexes
      .filter((index) => !unchanged.has(index.name))
      .map((index): Operation => ({ kind: 'dropIndex', table, index: copyIndex(index) })),
    creates: next.indexes
      .filter((index) => !unchanged.has(index.name))
      .map((index): Operation => ({ kind: 'createIndex', table, index: copyIndex(index) })),
  };
}
