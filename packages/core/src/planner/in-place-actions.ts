import type { Adapter } from '../adapter';
import type { BackfillValue } from '../diff/backfill';
import type { Operation } from '../diff/change-set';
import { conversionRule } from '../diff/type-conversion';
import { type ColumnModel, type EnumModel, type SchemaModel, type TableModel, findTable } from '../model';
import { fillAction } from './backfill-actions';
import { columnsUsingEnum } from './enum-change-actions';
import type { Action } from './action';

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
 * enum values; a type change that keeps every value (`int` -> `bigint`, a wider varchar) in place too
 * (`changeColumnType`); a type change that transforms values through a new column (add, convert, drop, rename),
 * after a check that every row converts, with the column's indexes and foreign keys dropped before and created
 * again after. With a backfill (the column becomes NOT NULL), the rows holding NULL are filled just before it does.
 */
export function alterColumnActions(
  op: Extract<Operation, { kind: 'alterColumn' }>,
  backfill: BackfillValue | undefined,
  ctx: InPlaceContext,
): Action[] {
  const { types } = ctx.adapter;
  const fill: Action[] = backfill && op.from.nullable && !op.to.nullable ? [fillAction(op.table, op.to, backfill, true)] : [];
  if (!storedTypeChanges(op, ctx)) return [...fill, { kind: 'alterColumn', table: op.table, from: op.from, to: op.to }];

  const rule = conversionRule(op.from.type, op.to.type);
  if (rule === 'cast' && ctx.adapter.capabilities.alterColumnType) return typeChangeInPlace(op, fill, ctx);

  const beforeTable = tableBefore(op.table, ctx);
  const afterTable = findTable(ctx.after, op.table);
  const name = op.to.name;
  const staged: ColumnModel = { name, type: op.to.type, nullable: true };
  const actions: Action[] = [];
  if (rule !== 'cast' && rule !== 'unknown') actions.push(conversionCheck(op, ctx));
  for (const fk of beforeTable?.foreignKeys ?? []) {
    if (fk.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'dropForeignKey' && o.foreignKey.name === fk.name)) {
      actions.push({ kind: 'dropForeignKey', table: op.table, foreignKey: fk });
    }
  }
  for (const index of beforeTable?.indexes ?? []) {
    if (index.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'dropIndex' && o.index.name === index.name)) {
      actions.push({ kind: 'dropIndex', table: op.table, index });
    }
  }
  // Dropping the old column would take the primary key with it (or, on MySQL, shrink a composite one): drop it
  // first, and add it again once the new column is NOT NULL, unless the key changes anyway (alterPrimaryKey).
  const keyChange = ctx.operations.some((o) => o.kind === 'alterPrimaryKey' && o.table === op.table);
  const inKey = inKeyBefore(op.table, name, ctx);
  if (inKey) {
    // An AUTO_INCREMENT column must be a key: it stops being generated before the key goes (MySQL).
    if (op.from.generated && ctx.adapter.capabilities.identity !== 'identity') {
      actions.push({ kind: 'alterColumn', table: op.table, from: op.from, to: { ...op.from, generated: false } });
    }
    actions.push({ kind: 'dropPrimaryKey', table: op.table, columns: beforeTable!.primaryKey });
  }
  actions.push({
    kind: 'convertColumn',
    table: op.table,
    from: op.from,
    to: op.to,
    cast: types.castTarget(op.to.type, ctx.after.enums),
    temporary: `${CONVERT_PREFIX}${name}`,
  });
  actions.push(...fill);
  // The key first: an AUTO_INCREMENT column must be a key by the time it becomes one (MySQL).
  if (inKey && !keyChange && afterTable && afterTable.primaryKey.length > 0) {
    actions.push({ kind: 'addPrimaryKey', table: op.table, columns: afterTable.primaryKey });
  }
  if (!op.to.nullable || op.to.default !== undefined || op.to.generated) {
    actions.push({ kind: 'alterColumn', table: op.table, from: staged, to: op.to });
  }
  for (const index of afterTable?.indexes ?? []) {
    if (index.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'createIndex' && o.index.name === index.name)) {
      actions.push({ kind: 'createIndex', table: op.table, index });
    }
  }
  for (const fk of afterTable?.foreignKeys ?? []) {
    if (fk.columns.includes(name) && !ctx.operations.some((o) => o.kind === 'addForeignKey' && o.foreignKey.name === fk.name)) {
      actions.push({ kind: 'addForeignKey', table: op.table, foreignKey: fk });
    }
  }
  return actions;
}

/**
 * A type change that keeps every value, in place (ALTER COLUMN … TYPE, MODIFY COLUMN): the column keeps its
 * place, its indexes and its key; its foreign keys are dropped before and added again after (a key's columns
 * must have the same type on both sides while it exists). Nullability and default change after it.
 */
function typeChangeInPlace(op: Extract<Operation, { kind: 'alterColumn' }>, fill: readonly Action[], ctx: InPlaceContext): Action[] {
  const retyped: ColumnModel = { ...op.from, type: op.to.type };
  const keys = (tableBefore(op.table, ctx)?.foreignKeys ?? []).filter(
    (fk) => fk.columns.includes(op.to.name) && !ctx.operations.some((o) => o.kind === 'dropForeignKey' && o.foreignKey.name === fk.name),
  );
  const keysAfter = (findTable(ctx.after, op.table)?.foreignKeys ?? []).filter(
    (fk) => fk.columns.includes(op.to.name) && !ctx.operations.some((o) => o.kind === 'addForeignKey' && o.foreignKey.name === fk.name),
  );
  const rest = sameConstraints(retyped, op.to) ? [] : [{ kind: 'alterColumn' as const, table: op.table, from: retyped, to: op.to }];
  return [
    ...keys.map((foreignKey): Action => ({ kind: 'dropForeignKey', table: op.table, foreignKey })),
    { kind: 'changeColumnType', table: op.table, from: op.from, to: retyped },
    ...fill,
    ...rest,
    ...keysAfter.map((foreignKey): Action => ({ kind: 'addForeignKey', table: op.table, foreignKey })),
  ];
}

function sameConstraints(a: ColumnModel, b: ColumnModel): boolean {
  return (
    a.nullable === b.nullable && JSON.stringify(a.default) === JSON.stringify(b.default) && Boolean(a.generated) === Boolean(b.generated)
  );
}

/**
 * The check, before anything changes, that every value of the column converts (see `conversionRule`): the rows
 * that do not stop the migration, named by their key (the table's primary key, by its names after renames).
 */
function conversionCheck(op: Extract<Operation, { kind: 'alterColumn' }>, ctx: InPlaceContext): Action {
  const key = (tableBefore(op.table, ctx)?.primaryKey ?? []).map((column) => columnNameAfter(op.table, column, ctx));
  return { kind: 'checkConversion', table: op.table, column: op.from.name, from: op.from.type, to: op.to.type, key };
}

/**
 * An enum whose values change, on a dialect that keeps enums on their columns: inline enums (MySQL) change with
 * each column that uses them; CHECK enums change with their tables' rebuild. (Named types: `enum-change-actions`.)
 */
export function alterEnumActions(op: Extract<Operation, { kind: 'alterEnum' }>, ctx: InPlaceContext): Action[] {
  return ctx.adapter.capabilities.enums === 'inline' ? inlineEnumSteps(op, ctx) : [];
}

/**
 * An inline enum's new values, column by column (MODIFY COLUMN with the column's current definition and the new
 * values). The action runs before every table change of the migration (diffSchemas puts alterEnum first), so it
 * takes the columns as they are then: `before`'s tables and columns, by their `before` names. A column the
 * migration adds, drops or alters on its own is left to that operation, which writes the `after` definition.
 */
function inlineEnumSteps(op: Extract<Operation, { kind: 'alterEnum' }>, ctx: InPlaceContext): Action[] {
  const actions: Action[] = [];
  for (const { table, column } of columnsUsingEnum(ctx.before, op.from.name)) {
    const renamed = ctx.operations.find((o) => o.kind === 'renameTable' && o.from === table);
    const names = new Set([table, renamed?.kind === 'renameTable' ? renamed.to : table]);
    const ownChange = ctx.operations.some(
      (o) =>
        (o.kind === 'dropTable' && names.has(o.table.name)) ||
        ((o.kind === 'dropColumn' || o.kind === 'alterColumn') &&
          names.has(o.table) &&
          (o.kind === 'dropColumn' ? o.column : o.from).name === column.name),
    );
    if (ownChange) continue;
    const to: ColumnModel = { ...column, type: { kind: 'enum', name: op.to.name } };
    actions.push({ kind: 'alterColumn', table, from: column, to });
  }
  return actions;
}

/**
 * Adding a foreign key. To a table the migration does not create, where the dialect can, it is added `NOT VALID`
 * and validated in a action outside the transaction (PostgreSQL's VALIDATE CONSTRAINT takes a lock that lets writes
 * go on), instead of being checked against every row under a lock that blocks them.
 */
export function addForeignKeyActions(op: Extract<Operation, { kind: 'addForeignKey' }>, ctx: InPlaceContext): Action[] {
  const created = ctx.operations.some((o) => o.kind === 'createTable' && o.table.name === op.table);
  if (created || !ctx.adapter.capabilities.validateForeignKeysApart) {
    return [{ kind: 'addForeignKey', table: op.table, foreignKey: op.foreignKey }];
  }
  return [
    { kind: 'addForeignKey', table: op.table, foreignKey: op.foreignKey, notValid: true },
    { kind: 'validateForeignKey', table: op.table, foreignKey: op.foreignKey },
  ];
}

/**
 * Dropping an index. On MySQL an index that a foreign key of the table needs (no other index, nor the primary
 * key, leads with the key's columns) cannot be dropped: InnoDB dropped the key's own index when this one came.
 * So the key is dropped before (the first such index) and added again after (the last), and InnoDB makes its
 * index again, as it was before that index came.
 */
export function dropIndexActions(op: Extract<Operation, { kind: 'dropIndex' }>, ctx: InPlaceContext, action: Action): Action[] {
  const table = tableBefore(op.table, ctx);
  if (!ctx.adapter.capabilities.foreignKeysCreateIndex || !table) return [action];
  const droppedIndexes = ctx.operations.filter(
    (o): o is Extract<Operation, { kind: 'dropIndex' }> => o.kind === 'dropIndex' && o.table === op.table,
  );
  const remaining = table.indexes.filter((index) => !droppedIndexes.some((o) => o.index.name === index.name));
  const leads = (columns: readonly string[], fk: readonly string[]) => fk.every((c, i) => columns[i] === c);
  const before: Action[] = [];
  const after: Action[] = [];
  for (const fk of table.foreignKeys) {
    if (ctx.operations.some((o) => o.kind === 'dropForeignKey' && o.table === op.table && o.foreignKey.name === fk.name)) continue;
    if (!leads(op.index.columns, fk.columns) || leads(table.primaryKey, fk.columns)) continue;
    if (remaining.some((index) => leads(index.columns, fk.columns))) continue;
    const serving = droppedIndexes.filter((o) => leads(o.index.columns, fk.columns));
    if (serving[0] === op) before.push({ kind: 'dropForeignKey', table: op.table, foreignKey: fk });
    if (serving[serving.length - 1] === op) after.push({ kind: 'addForeignKey', table: op.table, foreignKey: fk });
  }
  return [...before, action, ...after];
}

/** Dropping a foreign key, and on MySQL the index InnoDB made for it (when no index of the table led with its columns). */
export function dropForeignKeyActions(op: Extract<Operation, { kind: 'dropForeignKey' }>, ctx: InPlaceContext): Action[] {
  const actions: Action[] = [{ kind: 'dropForeignKey', table: op.table, foreignKey: op.foreignKey }];
  const table = tableBefore(op.table, ctx);
  if (!ctx.adapter.capabilities.foreignKeysCreateIndex || !table) return actions;
  const columns = op.foreignKey.columns;
  const leadsWith = (candidate: readonly string[]) => columns.every((c, i) => candidate[i] === c);
  if (leadsWith(table.primaryKey) || table.indexes.some((index) => leadsWith(index.columns))) return actions;
  actions.push({ kind: 'dropIndex', table: op.table, index: { name: op.foreignKey.name, columns, unique: false } });
  return actions;
}

/**
 * A primary key that changes columns, in place: the old key dropped, the new one added (its columns are NOT NULL
 * by then: the diff alters columns before the key). Where a type conversion of one of the old key's columns ran
 * first, it dropped the key already. Foreign keys that reference the key were dropped before (the diff re-creates
 * them around it).
 */
export function alterPrimaryKeyActions(op: Extract<Operation, { kind: 'alterPrimaryKey' }>, ctx: InPlaceContext): Action[] {
  const actions: Action[] = [];
  // An AUTO_INCREMENT column must stay a key (MySQL): one that leaves the key stops being generated first.
  const before = tableBefore(op.table, ctx);
  if (before && ctx.adapter.capabilities.identity !== 'identity') {
    for (const column of before.columns) {
      const name = columnNameAfter(op.table, column.name, ctx);
      if (column.generated && op.from.includes(name) && !op.to.includes(name)) {
        const from = { ...column, name };
        actions.push({ kind: 'alterColumn', table: op.table, from, to: { ...from, generated: false } });
      }
    }
  }
  const droppedByConversion = op.from.some((column) => convertsColumn(op.table, column, ctx));
  const from = op.from.length > 0 && !droppedByConversion ? op.from : [];
  const added = ctx.operations.flatMap((o) => (o.kind === 'addColumn' && addedWithKey(o, ctx) ? [o.column] : []));
  const addColumns = added.length > 0 ? { addColumns: added } : {};
  if (from.length > 0 && op.to.length > 0) actions.push({ kind: 'replacePrimaryKey', table: op.table, from, to: op.to, ...addColumns });
  else if (from.length > 0) actions.push({ kind: 'dropPrimaryKey', table: op.table, columns: from });
  else if (op.to.length > 0) actions.push({ kind: 'addPrimaryKey', table: op.table, columns: op.to, ...addColumns });
  return actions;
}

/**
 * Whether a column added is an AUTO_INCREMENT column that becomes part of the primary key in the same
 * direction: MySQL refuses one that is not a key, so it is added by the key's own statement.
 */
export function addedWithKey(op: Extract<Operation, { kind: 'addColumn' }>, ctx: InPlaceContext): boolean {
  if (!op.column.generated || ctx.adapter.capabilities.identity === 'identity') return false;
  return ctx.operations.some((o) => o.kind === 'alterPrimaryKey' && o.table === op.table && o.to.includes(op.column.name));
}

/** A column's name after the direction's renames (`table` is the table's name after them). */
function columnNameAfter(table: string, column: string, ctx: InPlaceContext): string {
  const renamed = ctx.operations.find((o) => o.kind === 'renameColumn' && o.table === table && o.from === column);
  return renamed?.kind === 'renameColumn' ? renamed.to : column;
}

/** Whether the direction converts `table.column` (names after renames) through a new column. */
function convertsColumn(table: string, column: string, ctx: InPlaceContext): boolean {
  return ctx.operations.some((o) => o.kind === 'alterColumn' && o.table === table && o.to.name === column && storedTypeChanges(o, ctx));
}

function storedTypeChanges(op: Extract<Operation, { kind: 'alterColumn' }>, ctx: InPlaceContext): boolean {
  const { types, capabilities } = ctx.adapter;
  const inlineEnumChange = capabilities.enums === 'inline' && op.from.type.kind === 'enum' && op.to.type.kind === 'enum';
  return !inlineEnumChange && types.columnType(op.from.type, ctx.before.enums) !== types.columnType(op.to.type, ctx.after.enums);
}

/** Whether `column` (its name after renames) was in the primary key of `table` before the migration. */
function inKeyBefore(table: string, column: string, ctx: InPlaceContext): boolean {
  const before = tableBefore(table, ctx);
  const renamed = ctx.operations.find((o) => o.kind === 'renameColumn' && o.table === table && o.to === column);
  return before?.primaryKey.includes(renamed?.kind === 'renameColumn' ? renamed.from : column) ?? false;
}

function tableBefore(table: string, ctx: InPlaceContext): TableModel | undefined {
  const renamed = ctx.operations.find((o) => o.kind === 'renameTable' && o.to === table);
  return findTable(ctx.before, renamed?.kind === 'renameTable' ? renamed.from : table);
}

export type { EnumModel };
