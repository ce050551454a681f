import type { ColumnModel, TableModel } from '../model';
import type { Operation, RenameResolver } from './change-set';
import { copyColumn } from './copy-model';
import { sameColumnDefinition, sameNames, type TypeEquals } from './definition-equality';
import type { EnumRenames } from './enum-renames';
import { matchRenames } from './match-renames';
import type { RenameMap } from './rename-map';

export interface ColumnDiffContext {
  readonly typeEquals: TypeEquals;
  readonly renames: RenameResolver;
  /** Receives the column renames decided here. */
  readonly names: RenameMap;
  /** Inline enums renamed with their table or column: compared as renamed, and recorded for the pairs matched. */
  readonly enums: EnumRenames;
}

/**
 * The column and primary-key changes of one kept (or renamed) table, in the order they apply: renames, added
 * columns, altered columns, the primary key, then dropped columns (so that a primary key moving off a column
 * is changed while that column still exists, and moves onto columns that already exist).
 */
export async function diffColumns(prev: TableModel, next: TableModel, context: ColumnDiffContext): Promise<Operation[]> {
  const table = next.name;
  const matching = await matchRenames<ColumnModel>(prev.columns, next.columns, {
    label: (name) => `column ${table}.${name}`,
    sameShape: (from, to) => sameColumnDefinition(context.enums.follow(prev.name, from, table, to.name), to, context.typeEquals),
    ask: (from, to) => context.renames.decide({ kind: 'column', table, from: from.name, to: to.name }),
  });

  const renames: Operation[] = [];
  const alters: Operation[] = [];
  for (const { from: previous, to, renamed } of matching.matched) {
    context.enums.record(prev.name, previous, table, to.name);
    const from = context.enums.follow(prev.name, previous, table, to.name);
    if (renamed) {
      context.names.renameColumn(prev.name, from.name, to.name);
      renames.push({ kind: 'renameColumn', table, from: from.name, to: to.name });
    }
    if (!sameColumnDefinition(from, to, context.typeEquals)) {
      // Both sides carry the column's name at that point: after the rename.
      alters.push({ kind: 'alterColumn', table, from: copyColumn(from, to.name), to: copyColumn(to) });
    }
  }

  const operations: Operation[] = [
    ...renames,
    ...matching.added.map((column): Operation => ({ kind: 'addColumn', table, column: copyColumn(column) })),
    ...alters,
  ];
  const previousKey = context.names.columnsOf(prev.name, prev.primaryKey);
  if (!sameNames(previousKey, next.primaryKey)) {
    operations.push({ kind: 'alterPrimaryKey', table, from: previousKey, to: [...next.primaryKey] });
  }
  for (const column of matching.dropped) {
    operations.push({ kind: 'dropColumn', table, column: copyColumn(column) });
  }
  return operations;
}
