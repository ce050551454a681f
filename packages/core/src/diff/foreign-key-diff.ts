import { type ForeignKeyModel, type SchemaModel, type TableModel, findColumn, findTable, foreignKeyName, unqualifiedName } from '../model';
import type { Operation } from './change-set';
import { copyForeignKey } from './copy-model';
import { type TypeEquals, sameForeignKeyDefinition, sameNames } from './definition-equality';
import type { RenameMap } from './rename-map';

/** What the comparison of foreign keys needs to know beyond the two tables. */
export interface ForeignKeyDiffContext {
  readonly names: RenameMap;
  readonly prev: SchemaModel;
  readonly next: SchemaModel;
  readonly typeEquals: TypeEquals;
}

export interface ForeignKeyChanges {
  /** Applied after the table renames and before any column change. */
  readonly drops: Operation[];
  /** Applied last but for the drops of tables. */
  readonly adds: Operation[];
  /** Applied with the adds: foreign keys whose derived name changes with a renamed table or column. */
  readonly renames: Operation[];
}

/**
 * A previous foreign key with the renames applied: its own columns, the referenced table and the referenced
 * columns, as they are named in the next model.
 */
export function renamedForeignKey(table: string, fk: ForeignKeyModel, names: RenameMap): ForeignKeyModel {
  return {
    ...fk,
    columns: names.columnsOf(table, fk.columns),
    referencedTable: names.table(fk.referencedTable),
    referencedColumns: names.columnsOf(fk.referencedTable, fk.referencedColumns),
  };
}

/**
 * Whether a foreign key that stays must still be dropped and added again around the migration's column changes:
 * one of its columns, or of the columns it references, changes type (a database converts a column with its
 * constraints out of the way, and may not compare the two sides while they differ), or the primary key it
 * references changes (the key's index goes, and the constraint depends on it).
 */
function disturbed(prev: TableModel, fk: ForeignKeyModel, context: ForeignKeyDiffContext): boolean {
  const { names, next, typeEquals } = context;
  const typeChanges = (previousTable: TableModel | undefined, columns: readonly string[]): boolean => {
    const nextTable = previousTable && findTable(next, names.table(previousTable.name));
    if (!previousTable || !nextTable) return false;
    const renamed = names.columnsOf(previousTable.name, columns);
    return columns.some((column, i) => {
      const before = findColumn(previousTable, column);
      const after = findColumn(nextTable, renamed[i]!);
      return before !== undefined && after !== undefined && !typeEquals(before.type, after.type);
    });
  };
  const referenced = findTable(context.prev, fk.referencedTable);
  const referencedNext = referenced && findTable(next, names.table(referenced.name));
  const keyChanges =
    referenced !== undefined &&
    referencedNext !== undefined &&
    !sameNames(names.columnsOf(referenced.name, referenced.primaryKey), referencedNext.primaryKey);
  return typeChanges(prev, fk.columns) || typeChanges(referenced, fk.referencedColumns) || keyChanges;
}

/**
 * Foreign keys of one kept table, matched by name and compared after table and column renames. A foreign key
 * whose name derives from its table and columns (`foreignKeyName`) and changes with their renames, and that
 * stays as it is otherwise, is renamed. A changed foreign key is dropped and added again; so is one whose
 * columns change type on either side, or whose referenced primary key changes. A dropped foreign key is
 * described as it is when it is dropped: table renames already applied, column renames not yet.
 */
export function diffForeignKeys(prev: TableModel, next: TableModel, context: ForeignKeyDiffContext): ForeignKeyChanges {
  const { names } = context;
  const table = next.name;
  const nextByName = new Map(next.foreignKeys.map((fk) => [fk.name, fk]));
  const prevNames = new Set(prev.foreignKeys.map((fk) => fk.name));
  const derived = (tableName: string, fk: ForeignKeyModel) => fk.name === foreignKeyName(unqualifiedName(tableName), fk.columns);
  const unchanged = new Set<string>();
  const renamedTo = new Map<string, ForeignKeyModel>(); // previous name -> next foreign key
  for (const fk of prev.foreignKeys) {
    if (disturbed(prev, fk, context)) continue;
    const renamed = renamedForeignKey(prev.name, fk, names);
    const counterpart = nextByName.get(fk.name);
    if (counterpart) {
      if (sameForeignKeyDefinition(renamed, counterpart)) unchanged.add(fk.name);
      continue;
    }
    if (!derived(prev.name, fk)) continue;
    const target = next.foreignKeys.find(
      (candidate) =>
        !prevNames.has(candidate.name) &&
        derived(next.name, candidate) &&
        sameForeignKeyDefinition(renamed, candidate) &&
        ![...renamedTo.values()].includes(candidate),
    );
    if (target) renamedTo.set(fk.name, target);
  }
  const renamedTargets = new Set([...renamedTo.values()].map((fk) => fk.name));
  return {
    drops: prev.foreignKeys
      .filter((fk) => !unchanged.has(fk.name) && !renamedTo.has(fk.name))
      .map((fk): Operation => ({
        kind: 'dropForeignKey',
        table,
        foreignKey: copyForeignKey({ ...fk, referencedTable: names.table(fk.referencedTable) }),
      })),
    adds: next.foreignKeys
      .filter((fk) => !unchanged.has(fk.name) && !renamedTargets.has(fk.name))
      .map((fk): Operation => ({ kind: 'addForeignKey', table, foreignKey: copyForeignKey(fk) })),
    renames: [...renamedTo].map(([from, foreignKey]): Operation => ({
      kind: 'renameForeignKey',
      table,
      from,
      foreignKey: copyForeignKey(foreignKey),
    })),
  };
}
