import { deepFreeze } from '../model';
import type { ChangeSet, Operation } from './change-set';
import { copyColumn, copyEnum, copyForeignKey, copyIndex, copyTable } from './copy-model';

/** The down step of one operation. */
export interface InvertedOperation {
  /** The operation that undoes the schema change. */
  readonly op: Operation;
  /**
   * True when the down cannot bring back data that the up removed (a dropped table's rows, a dropped
   * column's values, rows holding removed enum values); `reason` says what. The down of an additive
   * operation (createTable, addColumn, …) removes what the up added, as expected: false.
   */
  readonly dataLoss: boolean;
  readonly reason?: string;
}

/** The down steps of a change set, in the order they run (the reverse of the up). */
export interface InvertedChangeSet {
  readonly operations: readonly InvertedOperation[];
}

function inverse(op: Operation): Operation {
  switch (op.kind) {
    case 'createEnum':
      return { kind: 'dropEnum', enum: copyEnum(op.enum) };
    case 'dropEnum':
      return { kind: 'createEnum', enum: copyEnum(op.enum) };
    case 'alterEnum':
      return { kind: 'alterEnum', from: copyEnum(op.to), to: copyEnum(op.from) };
    case 'createTable':
      return { kind: 'dropTable', table: copyTable(op.table) };
    case 'dropTable':
      return { kind: 'createTable', table: copyTable(op.table) };
    case 'renameTable':
      return { kind: 'renameTable', from: op.to, to: op.from };
    case 'addColumn':
      return { kind: 'dropColumn', table: op.table, column: copyColumn(op.column) };
    case 'dropColumn':
      return { kind: 'addColumn', table: op.table, column: copyColumn(op.column) };
    case 'renameColumn':
      return { kind: 'renameColumn', table: op.table, from: op.to, to: op.from };
    case 'alterColumn':
      return { kind: 'alterColumn', table: op.table, from: copyColumn(op.to), to: copyColumn(op.from) };
    case 'alterPrimaryKey':
      return { kind: 'alterPrimaryKey', table: op.table, from: [...op.to], to: [...op.from] };
    case 'createIndex':
      return { kind: 'dropIndex', table: op.table, index: copyIndex(op.index) };
    case 'dropIndex':
      return { kind: 'createIndex', table: op.table, index: copyIndex(op.index) };
    case 'addForeignKey':
      return { kind: 'dropForeignKey', table: op.table, foreignKey: copyForeignKey(op.foreignKey) };
    case 'dropForeignKey':
      return { kind: 'addForeignKey', table: op.table, foreignKey: copyForeignKey(op.foreignKey) };
  }
}

/** Why the down of `op` cannot restore the data the up removed, or undefined. */
function lostForGood(op: Operation): string | undefined {
  switch (op.kind) {
    case 'dropTable':
      return `The down recreates table ${op.table.name} empty: the rows dropped by the up cannot be restored`;
    case 'dropColumn': {
      const { column } = op;
      const failing =
        !column.nullable && column.default === undefined && !column.generated
          ? ' (and, NOT NULL without a default, it cannot be added to a table that has rows)'
          : '';
      return `The down adds column ${op.table}.${column.name} back empty: the values dropped by the up cannot be restored${failing}`;
    }
    case 'alterEnum': {
      const removed = op.from.values.filter((v) => !op.to.values.includes(v));
      if (removed.length === 0) return undefined;
      const values = removed.map((v) => `'${v}'`).join(', ');
      const them = removed.length === 1 ? 'it' : 'them';
      return `The down adds ${values} back to enum ${op.from.name}, but the rows that held ${them} before the up are not restored`;
    }
    default:
      return undefined;
  }
}

/**
 * The operation that undoes `op` (renames swap, alterations swap `from` and `to`, a create becomes a drop and
 * the reverse), and whether that undo loses data for good. `invertOperation(invertOperation(op).op)` equals
 * `op`.
 *
 * @example
 * invertOperation({ kind: 'renameColumn', table: 'users', from: 'name', to: 'full_name' });
 * // { op: { kind: 'renameColumn', table: 'users', from: 'full_name', to: 'name' }, dataLoss: false }
 */
export function invertOperation(op: Operation): InvertedOperation {
  const reason = lostForGood(op);
  return deepFreeze({ op: inverse(op), dataLoss: reason !== undefined, ...(reason !== undefined ? { reason } : {}) });
}

/**
 * The down of a whole change set: every operation inverted, last one first.
 *
 * @example
 * const down = invertChangeSet(changes);
 * if (down.operations.some((step) => step.dataLoss)) warn('the down cannot restore everything');
 */
export function invertChangeSet(changeSet: ChangeSet): InvertedChangeSet {
  const operations = [...changeSet.operations].reverse().map(invertOperation);
  return deepFreeze({ operations });
}
