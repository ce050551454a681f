import type { Adapter } from '../adapter';
import type { BackfillValue } from '../diff/backfill';
import type { Operation } from '../diff/change-set';
import { GatiError } from '../errors';
import { type ColumnModel, type EnumModel, type SchemaModel, type TableModel, findTable } from '../model';
import { fillStep } from './backfill-steps';
import { columnsUsingEnum } from './enum-change-steps';
import type { PlanStep } from './plan-step';

/** Prefix of the column a type conversion fills before it takes the old column's name. */
export const CONVERT_PREFIX = '__gati_new_';

export interface InPlaceContext {
  readonly before: SchemaModel;
  readonly after: SchemaModel;
  readonly operations: readonly Operation[];
  readonly adapter: Pick<Adapter, 'capabilities' | 'types'>;
}

/**
 * A column change on a dialect whose ALTER TABLE can make it: in place for nullability, defaults and inline
 * enum values; through a new column (add, CAST, drop, rename) when the stored type changes, with the column's
 * indexes and foreign keys dropped before and created again after. With a backfill (the column becomes NOT
 * NULL), the rows holding NULL are filled just before it does.
 */
export function alterColumnSteps(
  op: Extract<Operation, { kind: 'alterColumn' }>,
  backfill: BackfillValue | undefined,
  ctx: InPlaceContext,
): PlanStep[] {
  const { types, capabilities } = ctx.adapter;
  const inlineEnumChange = capabilities.enums === 'inline' && op.from.type.kind === 'enum' && op.to.type.kind === 'enum';
  const storedTypeChanges =
    !inlineEnumChange && types.columnType(op.from.type, ctx.before.enums) !== types.columnType(op.to.type, ctx.after.enums);
  const fill: PlanStep[] = backfill && op.from.nullable && !op.to.nullable ? [fillStep(op.table, op.to, backfill, true)] : [];
  if (!storedTypeChanges) return [...fill, { kind: 'alterColumn', table: op.table, from: op.from, to: op.to }];

  const beforeTable = tableBefore(op.table, ctx);
  const afterTable = findTable(ctx.after, op.table);
  const name = op.to.name;
  const staged: ColumnModel = { name, type: op.to.type, nullable: true };
  const steps: PlanStep[] = [];
  for (const fk of beforeTable?.foreignKeys ?? []) {
    if (fk.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'dropForeignKey' && o.foreignKey.name === fk.name)) {
      steps.push({ kind: 'dropForeignKey', table: op.table, foreignKey: fk });
    }
  }
  for (const index of beforeTable?.indexes ?? []) {
    if (index.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'dropIndex' && o.index.name === index.name)) {
      steps.push({ kind: 'dropIndex', table: op.table, index });
    }
  }
  steps.push({
    kind: 'convertColumn',
    table: op.table,
    from: op.from,
    to: op.to,
    cast: types.castTarget(op.to.type, ctx.after.enums),
    temporary: `${CONVERT_PREFIX}${name}`,
  });
  steps.push(...fill);
  if (!op.to.nullable || op.to.default !== undefined) steps.push({ kind: 'alterColumn', table: op.table, from: staged, to: op.to });
  for (const index of afterTable?.indexes ?? []) {
    if (index.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'createIndex' && o.index.name === index.name)) {
      steps.push({ kind: 'createIndex', table: op.table, index });
    }
  }
  for (const fk of afterTable?.foreignKeys ?? []) {
    if (fk.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'addForeignKey' && o.foreignKey.name === fk.name)) {
      steps.push({ kind: 'addForeignKey', table: op.table, foreignKey: fk });
    }
  }
  return steps;
}

/**
 * An enum whose values change, on a dialect that keeps enums on their columns: inline enums (MySQL) change with
 * each column that uses them; CHECK enums change with their tables' rebuild. (Named types: `enum-change-steps`.)
 */
export function alterEnumSteps(op: Extract<Operation, { kind: 'alterEnum' }>, ctx: InPlaceContext): PlanStep[] {
  return ctx.adapter.capabilities.enums === 'inline' ? inlineEnumSteps(op, ctx) : [];
}

/**
 * An inline enum's new values, column by column (MODIFY COLUMN with the column's current definition and the new
 * values). The step runs before every table change of the migration (diffSchemas puts alterEnum first), so it
 * takes the columns as they are then: `before`'s tables and columns, by their `before` names. A column the
 * migration adds, drops or alters on its own is left to that operation, which writes the `after` definition.
 */
function inlineEnumSteps(op: Extract<Operation, { kind: 'alterEnum' }>, ctx: InPlaceContext): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const { table, column } of columnsUsingEnum(ctx.before, op.from.name)) {
    const renamed = ctx.operations.find((o) => o.kind === 'renameTable' && o.from === table);
    const names = new Set([table, renamed?.kind === 'renameTable' ? renamed.to : table]);
    const ownChange = ctx.operations.some(
      (o) =>
        (o.kind === 'dropTable' && names.has(o.table.name)) ||
        ((o.kind === 'dropColumn' || o.kind === 'alterColumn') && names.has(o.table) && (o.kind === 'dropColumn' ? o.column : o.from).name === column.name),
    );
    if (ownChange) continue;
    const to: ColumnModel = { ...column, type: { kind: 'enum', name: op.to.name } };
    steps.push({ kind: 'alterColumn', table, from: column, to });
  }
  return steps;
}

/**
 * Adding a foreign key. To a table the migration does not create, where the dialect can, it is added `NOT VALID`
 * and validated in a step outside the transaction (PostgreSQL's VALIDATE CONSTRAINT takes a lock that lets writes
 * go on), instead of being checked against every row under a lock that blocks them.
 */
export function addForeignKeySteps(op: Extract<Operation, { kind: 'addForeignKey' }>, ctx: InPlaceContext): PlanStep[] {
  const created = ctx.operations.some((o) => o.kind === 'createTable' && o.table.name === op.table);
  if (created || !ctx.adapter.capabilities.validateForeignKeysApart) {
    return [{ kind: 'addForeignKey', table: op.table, foreignKey: op.foreignKey }];
  }
  return [
    { kind: 'addForeignKey', table: op.table, foreignKey: op.foreignKey, notValid: true },
    { kind: 'validateForeignKey', table: op.table, foreignKey: op.foreignKey },
  ];
}

/** Dropping a foreign key, and on MySQL the index InnoDB made for it (when no index of the table led with its columns). */
export function dropForeignKeySteps(op: Extract<Operation, { kind: 'dropForeignKey' }>, ctx: InPlaceContext): PlanStep[] {
  const steps: PlanStep[] = [{ kind: 'dropForeignKey', table: op.table, foreignKey: op.foreignKey }];
  const table = tableBefore(op.table, ctx);
  if (!ctx.adapter.capabilities.foreignKeysCreateIndex || !table) return steps;
  const columns = op.foreignKey.columns;
  const leadsWith = (candidate: readonly string[]) => columns.every((c, i) => candidate[i] === c);
  if (leadsWith(table.primaryKey) || table.indexes.some((index) => leadsWith(index.columns))) return steps;
  steps.push({ kind: 'dropIndex', table: op.table, index: { name: op.foreignKey.name, columns, unique: false } });
  return steps;
}

export function alterPrimaryKeyNotSupported(op: Extract<Operation, { kind: 'alterPrimaryKey' }>): never {
  throw new GatiError('NOT_SUPPORTED', `This database adapter cannot plan changing the primary key of ${op.table} in place yet.`);
}

function tableBefore(table: string, ctx: InPlaceContext): TableModel | undefined {
  const renamed = ctx.operations.find((o) => o.kind === 'renameTable' && o.to === table);
  return findTable(ctx.before, renamed?.kind === 'renameTable' ? renamed.from : table);
}

export type { EnumModel };
