import type { ForeignKeyModel, TableModel } from '../model';
import type { Operation } from './change-set';
import { copyForeignKey } from './copy-model';
import { sameForeignKeyDefinition } from './definition-equality';
import type { RenameMap } from './rename-map';

export interface ForeignKeyChanges {
  /** Applied after the table renames and before any column change. */
  readonly drops: Operation[];
  /** Applied last but for the drops of tables. */
  readonly adds: Operation[];
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
 * Foreign keys of one kept table, matched by name and compared after table and column renames. A changed
 * foreign key is dropped and added again. A dropped foreign key is described as it is when it is dropped:
 * table renames already applied, column renames not yet.
 */
export function diffForeignKeys(prev: TableModel, next: TableModel, names: RenameMap): ForeignKeyChanges {
  const table = next.name;
  const nextByName = new Map(next.foreignKeys.map((fk) => [fk.name, fk]));
  const unchanged = new Set<string>();
  for (const fk of prev.foreignKeys) {
    const counterpart = nextByName.get(fk.name);
    if (counterpart && sameForeignKeyDefinition(renamedForeignKey(prev.name, fk, names), counterpart)) {
      unchanged.add(fk.name);
    }
  }
  return {
    drops: prev.foreignKeys
      .filter((fk) => !unchanged.has(fk.name))
      .map((fk): Operation => ({
        kind: 'dropForeignKey',
        table,
        foreignKey: copyForeignKey({ ...fk, referencedTable: names.table(fk.referencedTable) }),
      })),
    adds: next.foreignKeys
      .filter((fk) => !unchanged.has(fk.name))
      .map((fk): Operation => ({ kind: 'addForeignKey', table, foreignKey: copyForeignKey(fk) })),
  };
}
