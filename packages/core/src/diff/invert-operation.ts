import { type EnumModel, deepFreeze, describeType } from '../model';
import { type BackfillValue, backfillCandidate, describeBackfill, implicitBackfill, placeholderValue } from './backfill';
import type { ChangeSet, Operation } from './change-set';
import { copyColumn, copyEnum, copyForeignKey, copyIndex, copyTable } from './copy-model';
import { conversionConsequence, conversionRule, parsesText } from './type-conversion';

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
  /**
   * Where the down makes a column NOT NULL again on a table that may have rows (it adds back a NOT NULL column
   * the up dropped, or re-tightens a column the up made nullable): what those rows get. The column's default
   * where it has one, else a placeholder of its type ({@link placeholderValue}); absent when there is none.
   */
  readonly backfill?: BackfillValue;
}

/** What inverting needs to know beyond the operation. */
export interface InvertContext {
  /** The enums of the schema the down goes back to: an enum column's placeholder is its first value. */
  readonly enums?: readonly EnumModel[];
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
    // The down renames back at the same point of the migration: the table and columns are named alike there.
    case 'renameEnum':
      return { kind: 'renameEnum', from: op.to, to: op.from };
    case 'renameIndex':
      return { kind: 'renameIndex', table: op.table, from: op.index.name, index: { ...copyIndex(op.index), name: op.from } };
    case 'renameForeignKey':
      return {
        kind: 'renameForeignKey',
        table: op.table,
        from: op.foreignKey.name,
        foreignKey: { ...copyForeignKey(op.foreignKey), name: op.from },
      };
    case 'renamePrimaryKey':
      return { kind: 'renamePrimaryKey', table: op.table, from: op.to, to: op.from };
  }
}

/**
 * Why the down of `op` loses data, or undefined: it cannot restore what the up removed (a dropped table's rows,
 * a dropped column's values, rows holding removed enum values, the spelling of text the up parsed), or it cannot
 * keep what was written since the up (values of enum labels the up added). A reverse conversion that may not fit
 * some values loses none: it stops, naming them.
 */
function lostForGood(op: Operation, backfill: BackfillValue | undefined): string | undefined {
  switch (op.kind) {
    case 'dropTable':
      return `The down recreates table ${op.table.name} empty: the rows dropped by the up cannot be restored`;
    case 'dropColumn': {
      const { column } = op;
      const fill =
        backfill !== undefined && column.default === undefined
          ? `, filled with ${describeBackfill(backfill)} as a placeholder`
          : !column.nullable && column.default === undefined && !column.generated
            ? ' (and, NOT NULL without a default or a placeholder of its type, it cannot be added to a table that has rows)'
            : '';
      return `The down adds column ${op.table}.${column.name} back${fill}: the values dropped by the up cannot be restored`;
    }
    case 'alterEnum': {
      const reasons: string[] = [];
      const removed = op.from.values.filter((v) => !op.to.values.includes(v));
      if (removed.length > 0) {
        reasons.push(
          `The down adds ${quoted(removed)} back to enum ${op.from.name}, but the rows that held ${them(removed)} before the up are not restored`,
        );
      }
      const added = op.to.values.filter((v) => !op.from.values.includes(v));
      if (added.length > 0) {
        reasons.push(
          `The down removes ${quoted(added)} from enum ${op.to.name}: rows that hold ${them(added)} by then get the value the file maps ${them(added)} to (REVIEW at its top)`,
        );
      }
      return reasons.length > 0 ? reasons.join('; ') : undefined;
    }
    case 'alterColumn': {
      const back = `The down converts ${op.table}.${op.from.name} from ${describeType(op.to.type)} back to ${describeType(op.from.type)}`;
      if (parsesText(op.from.type, op.to.type)) {
        return `${back}: each value comes back as its own text, so text the up read differently (' 7', '+7' or '007' for 7) does not come back as it was`;
      }
      const consequence = conversionConsequence(op.to.type, op.from.type);
      return consequence && conversionRule(op.to.type, op.from.type) === 'unknown' ? `${back}: ${consequence}` : undefined;
    }
    default:
      return undefined;
  }
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function them(values: readonly string[]): string {
  return values.length === 1 ? 'it' : 'them';
}

/** The value the down gives the rows of a column it makes NOT NULL again (see InvertedOperation.backfill). */
function downBackfill(down: Operation, context: InvertContext): BackfillValue | undefined {
  const candidate = backfillCandidate(down);
  if (!candidate) return undefined;
  return implicitBackfill(candidate) ?? placeholderValue(candidate.column.type, context.enums ?? []);
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
export function invertOperation(op: Operation, context: InvertContext = {}): InvertedOperation {
  const down = inverse(op);
  const backfill = downBackfill(down, context);
  const reason = lostForGood(op, backfill);
  return deepFreeze({
    op: down,
    dataLoss: reason !== undefined,
    ...(reason !== undefined ? { reason } : {}),
    ...(backfill !== undefined ? { backfill: { ...backfill } } : {}),
  });
}

/**
 * The down of a whole change set: every operation inverted, last one first.
 *
 * @example
 * const down = invertChangeSet(changes);
 * if (down.operations.some((step) => step.dataLoss)) warn('the down cannot restore everything');
 */
export function invertChangeSet(changeSet: ChangeSet, context: InvertContext = {}): InvertedChangeSet {
  const operations = [...changeSet.operations].reverse().map((op) => invertOperation(op, context));
  return deepFreeze({ operations });
}
