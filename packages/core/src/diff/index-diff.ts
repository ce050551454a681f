import { type IndexModel, type TableModel, indexName, unqualifiedName } from '../model';
import type { Operation } from './change-set';
import { copyIndex } from './copy-model';
import { sameIndexDefinition } from './definition-equality';
import type { RenameMap } from './rename-map';

export interface IndexChanges {
  /** Applied before the column changes; the indexes as they were (previous column names). */
  readonly drops: Operation[];
  /** Applied after the column changes and new tables. */
  readonly creates: Operation[];
  /** Applied with the creates: indexes whose derived name changes with a renamed table or column. */
  readonly renames: Operation[];
}

/**
 * Indexes of one kept table, matched by name and compared after column renames: an index whose columns were
 * only renamed is left alone; an index whose name derives from its table and columns (`indexName`) and changes
 * with their renames is renamed, unless one of its columns changes type (`retyped`, previous column name: the
 * conversion rebuilds the index anyway); a changed index is dropped and created again.
 */
export function diffIndexes(prev: TableModel, next: TableModel, names: RenameMap, retyped: (column: string) => boolean): IndexChanges {
  const table = next.name;
  const nextByName = new Map(next.indexes.map((index) => [index.name, index]));
  const prevNames = new Set(prev.indexes.map((index) => index.name));
  const unchanged = new Set<string>();
  const renamedTo = new Map<string, IndexModel>(); // previous name -> next index
  const derived = (tableName: string, index: IndexModel) =>
    index.name === indexName(unqualifiedName(tableName), index.columns, index.unique);
  for (const index of prev.indexes) {
    const counterpart = nextByName.get(index.name);
    const renamed = { ...index, columns: names.columnsOf(prev.name, index.columns) };
    if (counterpart && sameIndexDefinition(renamed, counterpart)) {
      unchanged.add(index.name);
      continue;
    }
    if (counterpart || !derived(prev.name, index) || index.columns.some(retyped)) continue;
    const target = next.indexes.find(
      (candidate) =>
        !prevNames.has(candidate.name) &&
        derived(next.name, candidate) &&
        sameIndexDefinition(renamed, candidate) &&
        ![...renamedTo.values()].includes(candidate),
    );
    if (target) renamedTo.set(index.name, target);
  }
  const renamedTargets = new Set([...renamedTo.values()].map((index) => index.name));
  return {
    drops: prev.indexes
      .filter((index) => !unchanged.has(index.name) && !renamedTo.has(index.name))
      .map((index): Operation => ({ kind: 'dropIndex', table, index: copyIndex(index) })),
    creates: next.indexes
      .filter((index) => !unchanged.has(index.name) && !renamedTargets.has(index.name))
      .map((index): Operation => ({ kind: 'createIndex', table, index: copyIndex(index) })),
    renames: [...renamedTo].map(([from, index]): Operation => ({ kind: 'renameIndex', table, from, index: copyIndex(index) })),
  };
}
