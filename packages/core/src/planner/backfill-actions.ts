import type { BackfillValue } from '../diff/backfill';
import type { Operation } from '../diff/change-set';
import type { ColumnModel } from '../model';
import type { Action } from './action';

/**
 * A column added in place. With a backfill (a NOT NULL column without a default, on a table that may have
 * rows), it is added nullable, the rows that exist are filled, and then it becomes NOT NULL: every action works on
 * a table with rows, and the value may be any SQL expression, another column of the row included.
 */
export function addColumnActions(op: Extract<Operation, { kind: 'addColumn' }>, backfill: BackfillValue | undefined): Action[] {
  if (!backfill) return [{ kind: 'addColumn', table: op.table, column: op.column }];
  const nullable: ColumnModel = { ...op.column, nullable: true };
  return [
    { kind: 'addColumn', table: op.table, column: nullable },
    fillAction(op.table, op.column, backfill, false),
    { kind: 'alterColumn', table: op.table, from: nullable, to: op.column },
  ];
}

/** The backfill of `column` (its final definition) in `table`: every row, or with `onlyNulls` the rows holding NULL. */
export function fillAction(table: string, column: ColumnModel, value: BackfillValue, onlyNulls: boolean): Action {
  return { kind: 'fillColumn', table, column, value, onlyNulls };
}
