import type { Operation } from '../diff/change-set';
import { findTable } from '../model';
import type { Action } from './action';
import type { InPlaceContext } from './in-place-actions';

/**
 * An index that takes the derived name of its renamed table or column: renamed in place where the dialect can
 * (nothing is rebuilt), else dropped and created again (SQLite, which has no RENAME INDEX; the index is built
 * again from the table's rows, which the rename itself did not touch).
 */
export function renameIndexActions(op: Extract<Operation, { kind: 'renameIndex' }>, ctx: InPlaceContext): Action[] {
  if (ctx.adapter.capabilities.renameIndex) return [op];
  return [
    { kind: 'dropIndex', table: op.table, index: { ...op.index, name: op.from } },
    { kind: 'createIndex', table: op.table, index: op.index },
  ];
}

/**
 * A foreign key that takes the derived name of its renamed table or column, where the database keeps the name
 * it was created with (without `namedForeignKeys`, the name follows the table by itself). On MySQL the index
 * InnoDB made for the key (when no index of the table, nor its primary key, leads with the key's columns) is
 * named after the key, and is renamed with it (`ownIndex`).
 */
export function renameForeignKeyActions(op: Extract<Operation, { kind: 'renameForeignKey' }>, ctx: InPlaceContext): Action[] {
  const caps = ctx.adapter.capabilities;
  if (!caps.namedForeignKeys) return [];
  // The table as it is when the action runs: its name then is the direction's end name in the up, its start name in
  // the down (which renames the table back later).
  const table = findTable(ctx.after, op.table) ?? findTable(ctx.before, op.table);
  const columns = op.foreignKey.columns;
  const leadsWith = (candidate: readonly string[]) => columns.every((c, i) => candidate[i] === c);
  const ownIndex =
    caps.foreignKeysCreateIndex === true &&
    table !== undefined &&
    !leadsWith(table.primaryKey) &&
    !table.indexes.some((index) => leadsWith(index.columns));
  return [{ ...op, ...(ownIndex ? { ownIndex } : {}) }];
}
