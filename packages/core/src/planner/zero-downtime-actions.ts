import type { Adapter } from '../adapter';
import { type BackfillValue, placeholderValue } from '../diff/backfill';
import type { Operation } from '../diff/change-set';
import { invertChangeSet } from '../diff/invert-operation';
import { GatiError } from '../errors';
import { type ColumnModel, type DefaultValue, type EnumModel, type IndexModel, type SchemaModel, type TableModel } from '../model';
import { sameType } from '../model/logical-type';
import type { PlannedAction } from './migration-plan';
import { type PlannableOperation, planDirection } from './plan-migration';

/**
 * A change that breaks the version before it, planned in two phases (see ZeroDowntimePlan in
 * migration/zero-downtime.ts). Tables and columns are named as they are before the migration (the expand runs
 * on them); the new names are the rename's `to`.
 */
export type ZeroDowntimeChange =
  | {
      readonly kind: 'alterColumn';
      readonly table: string;
      readonly from: ColumnModel;
      readonly to: ColumnModel;
      /** The new version's indexes on the column: built on the new column in the expand. */
      readonly indexes: readonly IndexModel[];
    }
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: ColumnModel; readonly fill: DefaultValue }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: ColumnModel; readonly fill?: DefaultValue }
  | { readonly kind: 'dropTable'; readonly table: TableModel };

/** A migration's up as phases: what only adds (expand), the breaking changes, and what only removes (contract). */
export interface ZeroDowntimeSketch {
  readonly expand: readonly PlannedAction[];
  /** Undoes `expand`, for `migrate:rollback`. */
  readonly rollback: readonly PlannedAction[];
  readonly changes: readonly ZeroDowntimeChange[];
  readonly contract: readonly PlannedAction[];
  /** Enum types the expand creates for the new version (an enum that loses values), renamed into place by the contract. */
  readonly enums: readonly EnumModel[];
}

/**
 * Sorts the up's operations into phases. Additive ones (a table, a nullable column or one with a default, an
 * index, a foreign key, an enum value, a default, a column made nullable, an index or key dropped) run in the
 * expand as they would in a plain migration; breaking ones become ZeroDowntimeChanges; a named enum type that
 * goes runs in the contract. What has no zero-downtime form yet is refused, naming it, so that the user can
 * generate it without `--zero-downtime` (or split the change).
 */
export function planZeroDowntime(input: {
  readonly before: SchemaModel;
  readonly after: SchemaModel;
  readonly upOps: readonly PlannableOperation[];
  readonly adapter: Pick<Adapter, 'capabilities' | 'types'>;
}): ZeroDowntimeSketch {
  const { before, after, upOps, adapter } = input;
  const renamedTables = new Map<string, string>();
  const renamedColumns = new Map<string, string>();
  for (const { op } of upOps) {
    if (op.kind === 'renameTable') renamedTables.set(op.to, op.from);
    if (op.kind === 'renameColumn') renamedColumns.set(`${op.table}.${op.to}`, op.from);
  }
  const previousTable = (table: string) => renamedTables.get(table) ?? table;
  const convertedColumns = new Set(
    upOps.flatMap(({ op }) => (op.kind === 'alterColumn' && !sameType(op.from.type, op.to.type) ? [`${op.table}.${op.to.name}`] : [])),
  );

  const enums: EnumModel[] = [];
  const extraExpand: PlannedAction[] = [];
  const extraContract: PlannedAction[] = [];
  const extraRollback: PlannedAction[] = [];
  const expand: PlannableOperation[] = [];
  const contract: PlannableOperation[] = [];
  const changes: ZeroDowntimeChange[] = [];
  for (const planned of upOps) {
    const { op } = planned;
    const refuse = (why: string): never => {
      throw new GatiError('ZERO_DOWNTIME_UNSUPPORTED', `${describeOperation(op)} has no zero-downtime form yet: ${why}. ${ADVICE}`);
    };
    const followsRename =
      op.kind === 'renameIndex' || op.kind === 'renameForeignKey' || op.kind === 'renamePrimaryKey' || op.kind === 'renameEnum';
    const touchesRename = 'table' in op && typeof op.table === 'string' && (renamedTables.has(op.table) || hasRenamedColumn(op));
    if (touchesRename && op.kind !== 'renameColumn' && !followsRename)
      refuse('it changes a table or column that the same migration renames');
    switch (op.kind) {
      // The names derived from a renamed table or column follow it in the contract, with the physical rename.
      case 'renameIndex':
      case 'renameForeignKey':
      case 'renamePrimaryKey':
      case 'renameEnum':
        contract.push(planned);
        break;
      case 'createIndex':
        // An index on a column whose type changes is built on the new column, with the change.
        if (convertedColumns.has(`${op.table}.${op.index.columns.find((c) => convertedColumns.has(`${op.table}.${c}`)) ?? ''}`)) break;
        expand.push(planned);
        break;
      case 'createEnum':
      case 'createTable':
      case 'addForeignKey':
      case 'dropIndex':
      case 'dropForeignKey':
        expand.push(planned);
        break;
      case 'dropEnum':
        contract.push(planned);
        break;
      case 'alterEnum':
        if (op.from.values.some((value) => !op.to.values.includes(value))) enumLosingValues(op.from, op.to);
        else expand.push(planned);
        break;
      case 'addColumn':
        if (op.column.nullable || op.column.default !== undefined) expand.push(planned);
        else changes.push({ kind: 'addColumn', table: op.table, column: op.column, fill: fillOf(planned.backfill, refuse) });
        break;
      case 'dropColumn': {
        const fill = op.column.nullable || op.column.default !== undefined ? undefined : placeholderValue(op.column.type, before.enums);
        changes.push({ kind: 'dropColumn', table: op.table, column: op.column, ...(fill ? { fill: fill } : {}) });
        break;
      }
      case 'dropTable':
        changes.push({ kind: 'dropTable', table: op.table });
        break;
      case 'renameTable':
        changes.push({ kind: 'renameTable', from: op.from, to: op.to });
        break;
      case 'renameColumn':
        if (renamedTables.has(op.table)) refuse('its table is renamed by the same migration');
        changes.push({ kind: 'renameColumn', table: previousTable(op.table), from: op.from, to: op.to });
        break;
      case 'alterColumn': {
        if (op.from.generated !== op.to.generated) refuse('identity columns change only in a plain migration');
        if (!sameType(op.from.type, op.to.type)) {
          if (op.from.nullable && !op.to.nullable) refuse('a column that changes its type and becomes NOT NULL at once');
          const indexes = after.tables.find((t) => t.name === op.table)?.indexes.filter((i) => i.columns.includes(op.to.name)) ?? [];
          changes.push({ kind: 'alterColumn', table: op.table, from: op.from, to: op.to, indexes });
        } else if (op.from.nullable && !op.to.nullable) {
          refuse('an existing column that becomes NOT NULL (add a new NOT NULL column instead, or run it as a plain migration)');
        } else {
          expand.push(planned); // a default, or NOT NULL dropped: the old version writes as before
        }
        break;
      }
      case 'alterPrimaryKey':
        refuse('primary keys change only in a plain migration');
    }
  }
  /**
   * An enum that loses values is a type change of every column that uses it: a new type for the new version
   * (created in the expand), the columns converted into it as any type change, and, in the contract, the old
   * type dropped and the new one given its name.
   */
  function enumLosingValues(from: EnumModel, to: EnumModel): void {
    const temporary: EnumModel = { ...to, name: `${to.name}_gati_zd` };
    enums.push(temporary);
    extraExpand.push({ action: { kind: 'createEnum', enum: temporary }, findings: [], operation: 0 });
    for (const table of after.tables) {
      for (const column of table.columns) {
        if (column.type.kind !== 'enum' || column.type.name !== to.name) continue;
        const previous = before.tables.find((t) => t.name === table.name)?.columns.find((c) => c.name === column.name);
        if (!previous || previous.type.kind !== 'enum' || previous.type.name !== from.name) continue;
        const indexes = table.indexes.filter((i) => i.columns.includes(column.name));
        changes.push({
          kind: 'alterColumn',
          table: table.name,
          from: previous,
          to: { ...column, type: { kind: 'enum', name: temporary.name } },
          indexes,
        });
      }
    }
    extraContract.push(
      { action: { kind: 'dropEnum', enum: from }, findings: [], operation: 0 },
      { action: { kind: 'renameEnum', from: temporary.name, to: to.name }, findings: [], operation: 0 },
    );
    extraRollback.push({ action: { kind: 'dropEnum', enum: temporary }, findings: [], operation: 0 });
  }
  function hasRenamedColumn(op: Operation): boolean {
    if (op.kind === 'alterColumn') return renamedColumns.has(`${op.table}.${op.to.name}`);
    if (op.kind === 'createIndex' || op.kind === 'dropIndex') return op.index.columns.some((c) => renamedColumns.has(`${op.table}.${c}`));
    if (op.kind === 'addForeignKey' || op.kind === 'dropForeignKey')
      return op.foreignKey.columns.some((c) => renamedColumns.has(`${op.table}.${c}`));
    return false;
  }
  const undo = invertChangeSet({ operations: expand.map((p) => p.op) }, { enums: before.enums }).operations.map((inverted) => ({
    op: inverted.op,
    ...(inverted.backfill ? { backfill: inverted.backfill } : {}),
  }));
  return {
    expand: [...extraExpand, ...planDirection(before, after, expand, adapter)],
    rollback: [...planDirection(after, before, undo, adapter), ...extraRollback],
    enums,
    changes,
    contract: [...planDirection(before, after, contract, adapter), ...extraContract],
  };
}

const ADVICE = 'Generate it without --zero-downtime, or as a migration of its own';

function fillOf(backfill: BackfillValue | undefined, refuse: (why: string) => never): DefaultValue {
  if (!backfill) return refuse('a new NOT NULL column needs a @default or --backfill TABLE.COLUMN=SQL for the rows there are');
  return backfill;
}

function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'alterColumn':
      return `Changing ${op.table}.${op.to.name}`;
    case 'alterEnum':
      return `Changing the enum ${op.to.name}`;
    case 'alterPrimaryKey':
      return `Changing the primary key of ${op.table}`;
    case 'renameColumn':
      return `Renaming ${op.table}.${op.from}`;
    case 'addColumn':
      return `Adding ${op.table}.${op.column.name}`;
    default:
      return `The ${op.kind} of ${'table' in op && typeof op.table === 'string' ? op.table : 'the schema'}`;
  }
}
