import type { Adapter, DialectCapabilities } from '../adapter';
import { GatiError } from '../errors';
import type { BackfillValue } from '../diff/backfill';
import type { Operation } from '../diff/change-set';
import { type SchemaModel, type TableModel, schemaOf, schemasOf } from '../model';
import { addColumnActions } from './backfill-actions';
import { namedEnumChangeActions } from './enum-change-actions';
import type { Action } from './action';
import type { Finding, MigrationPlan, PlannedAction } from './migration-plan';
import {
  type InPlaceContext,
  alterColumnActions,
  addForeignKeyActions,
  addedWithKey,
  dropIndexActions,
  alterEnumActions,
  alterPrimaryKeyActions,
  dropForeignKeyActions,
} from './in-place-actions';
import { renameForeignKeyActions, renameIndexActions } from './rename-actions';
import { rebuildAction, rebuildConversionChecks } from './rebuild-action';
import { needsRebuild, tablesUsingEnum } from './rebuild-rules';
import { actionFindings } from './action-findings';
import { withRemovedEnumValuesMapped } from './enum-value-mapping';

/** An operation with the reason it loses data, if it does, and the value its existing rows get, if they need one. */
export interface PlannableOperation {
  readonly op: Operation;
  readonly dataLoss?: string;
  /** The backfill of a column that becomes NOT NULL on a table that may have rows (see `backfillCandidate`). */
  readonly backfill?: BackfillValue;
}

/**
 * Plans both directions of one migration. `up` takes `before` to `after` through `upOps`; `down` takes it back
 * through `downOps` (the inverted change set). Pure: the adapter is read for its capabilities and types only.
 */
export function planMigration(input: {
  before: SchemaModel;
  after: SchemaModel;
  upOps: readonly PlannableOperation[];
  downOps: readonly PlannableOperation[];
  adapter: Pick<Adapter, 'capabilities' | 'types'>;
}): MigrationPlan {
  const { before, after, upOps, downOps, adapter } = input;
  assertSchemasSupported(after, adapter.capabilities);
  assertSchemasSupported(before, adapter.capabilities);
  const up = planDirection(before, after, upOps, adapter);
  // A down that narrows an enum maps the values it removes, as the file declares (the up stops on them instead).
  const down = withRemovedEnumValuesMapped(
    planDirection(after, before, downOps, adapter),
    downOps.map((o) => o.op),
    adapter.capabilities,
  );
  const touched = touchedTableNames([...upOps, ...downOps].map((o) => o.op));
  // A table rebuilt only because an enum it uses changed has no operation of its own, but its rebuild code
  // names its row types.
  for (const { action } of [...up, ...down]) {
    if (action.kind === 'rebuildTable') touched.add(action.from.name).add(action.to.name);
  }
  return Object.freeze({
    up,
    down,
    operationCount: upOps.length,
    touchedTables: {
      before: before.tables.filter((t) => touched.has(t.name)),
      after: after.tables.filter((t) => touched.has(t.name)),
    },
  });
}

/**
 * Orders the actions of one direction, folding every change to a table that needs a rebuild into one rebuild; a
 * named enum type whose values change is widened first and narrowed last (see `namedEnumChangeActions`).
 */
export function planDirection(
  before: SchemaModel,
  after: SchemaModel,
  operations: readonly PlannableOperation[],
  adapter: Pick<Adapter, 'capabilities' | 'types'>,
): PlannedAction[] {
  const caps = adapter.capabilities;
  const created = new Set(operations.filter((o) => o.op.kind === 'createTable').map((o) => tableOf(o.op)));
  // A table the direction drops needs no rebuild before it goes, nor (without ALTER TABLE for foreign keys) its
  // keys dropped first: they go with it.
  const dropped = new Set(operations.filter((o) => o.op.kind === 'dropTable').map((o) => tableOf(o.op)));
  const { rebuilt, enumLoss } = tablesToRebuild(before, after, operations, caps, (table) => created.has(table) || dropped.has(table));

  const actions: PlannedAction[] = [];
  const widen: PlannedAction[] = [];
  const narrow: PlannedAction[] = [];
  const absorbed = new Map<string, Finding[]>();
  const ctx: InPlaceContext = { before, after, operations: operations.map((o) => o.op), adapter };
  const planned = (action: Action, op: Operation, index: number, backfill?: BackfillValue, loss: Finding[] = []): PlannedAction => ({
    action,
    findings: [...loss, ...actionFindings(action, op, backfill, ctx)],
    operation: index,
  });
  for (const [index, { op, dataLoss, backfill }] of operations.entries()) {
    const loss: Finding[] = dataLoss ? [{ kind: 'data-loss', message: dataLoss }] : [];
    if (op.kind === 'alterEnum' && caps.enums === 'named-type') {
      // A loss (values removed) belongs to the narrowing, where rows holding them fail.
      const parts = namedEnumChangeActions(op, ctx);
      const lossAt = parts.narrow.length > 0 ? parts.narrow[0] : parts.widen[0];
      widen.push(
        ...parts.widen.map((action) => ({
          ...planned(action, op, index, undefined, action === lossAt ? loss : []),
          phase: 'first' as const,
        })),
      );
      narrow.push(
        ...parts.narrow.map((action) => ({
          ...planned(action, op, index, undefined, action === lossAt ? loss : []),
          phase: 'last' as const,
        })),
      );
      continue;
    }
    const table = tableOf(op);
    if (op.kind === 'dropForeignKey' && dropped.has(op.table) && !caps.alterForeignKeys) continue;
    if (op.kind === 'addForeignKey' && created.has(op.table) && !caps.alterForeignKeys) continue; // in its CREATE TABLE
    if (table && rebuilt.has(table) && op.kind !== 'renameTable') {
      if (!absorbed.has(table)) {
        absorbed.set(table, []);
        const rebuild = rebuildAction(table, before, after, operations, adapter);
        if (rebuild.action.kind === 'rebuildTable') {
          for (const check of rebuildConversionChecks(rebuild.action)) actions.push(planned(check, op, index));
        }
        actions.push({ ...rebuild, operation: index });
      }
      absorbed.get(table)!.push(...loss);
      continue;
    }
    const opActions = actionsFor(op, backfill, ctx);
    // A loss belongs to the action that causes it: the conversion, or else the first action of the operation.
    const lossAt = Math.max(
      0,
      opActions.findIndex((s) => s.kind === 'convertColumn'),
    );
    opActions.forEach((action, i) => actions.push(planned(action, op, index, backfill, i === lossAt ? loss : [])));
  }
  bracket(actions, [...schemaActions(before, after, operations), ...widen], narrow);
  // Tables rebuilt only because an enum they use changed have no operation of their own: rebuild them
  // after the other table changes, before any table is dropped. They pair with no single operation (operation -1;
  // SQLite, the dialect that rebuilds, runs a whole migration in one transaction and never needs the pairing).
  const enumOnly = [...rebuilt].filter((table) => !absorbed.has(table));
  const firstDrop = actions.findIndex((s) => s.action.kind === 'dropTable' || s.action.kind === 'dropEnum');
  actions.splice(
    firstDrop === -1 ? actions.length : firstDrop,
    0,
    ...enumOnly.map((t) => ({ ...rebuildAction(t, before, after, operations, adapter), operation: -1 })),
  );
  // Data-loss findings of absorbed operations belong to their rebuild action.
  return actions.map((planned) =>
    planned.action.kind === 'rebuildTable'
      ? {
          ...planned,
          findings: [
            ...planned.findings,
            ...(absorbed.get(planned.action.name ?? planned.action.to.name) ?? []),
            ...(enumLoss.get(planned.action.to.name) ?? []),
          ],
        }
      : planned,
  );
}

/**
 * The tables of a direction that only a rebuild can change (what the dialect's ALTER TABLE cannot do, or a CHECK
 * enum whose values change), but those the direction creates or drops (`skip`); with the data loss of each enum
 * change that rebuilds a table.
 */
function tablesToRebuild(
  before: SchemaModel,
  after: SchemaModel,
  operations: readonly PlannableOperation[],
  caps: DialectCapabilities,
  skip: (table: string) => boolean,
): { rebuilt: Set<string>; enumLoss: Map<string, Finding[]> } {
  const rebuilt = new Set<string>();
  const enumLoss = new Map<string, Finding[]>();
  for (const { op, dataLoss } of operations) {
    if (op.kind === 'alterEnum' && caps.enums === 'check') {
      for (const t of tablesUsingEnum(after, op.to.name)) {
        rebuilt.add(t);
        if (dataLoss) enumLoss.set(t, [...(enumLoss.get(t) ?? []), { kind: 'data-loss', message: dataLoss }]);
      }
      continue;
    }
    const table = tableOf(op);
    if (table !== undefined && !skip(table) && needsRebuild(op, before, after, caps)) rebuilt.add(table);
  }
  return { rebuilt, enumLoss };
}

/**
 * Puts `first` before every action of the direction (schemas to create, enum types to widen) and `last` after them
 * all but the trailing drops of enum types (enum types to narrow), in place.
 */
function bracket(actions: PlannedAction[], first: readonly PlannedAction[], last: readonly PlannedAction[]): void {
  actions.unshift(...first);
  let end = actions.length;
  while (end > 0 && actions[end - 1]!.action.kind === 'dropEnum') end--;
  actions.splice(end, 0, ...last);
}

/**
 * A new table with the foreign keys that the diff adds to it after every table exists (the keys of a reference
 * cycle), on a dialect that cannot add them later: SQLite does not check a reference when a table is created.
 */
function withInlineKeys(table: TableModel, ctx: InPlaceContext): TableModel {
  if (ctx.adapter.capabilities.alterForeignKeys) return table;
  const later = ctx.operations.flatMap((o) => (o.kind === 'addForeignKey' && o.table === table.name ? [o.foreignKey] : []));
  return later.length === 0 ? table : { ...table, foreignKeys: [...table.foreignKeys, ...later] };
}

/**
 * CREATE SCHEMA IF NOT EXISTS for each schema that `after` uses and `before` does not, first of all (as the
 * first part of the first operation that needs it). Schemas are never dropped: one may hold what this tool does
 * not manage (grants, other tables), so a schema left empty stays.
 */
function schemaActions(before: SchemaModel, after: SchemaModel, operations: readonly PlannableOperation[]): PlannedAction[] {
  const existing = new Set(schemasOf(before));
  return schemasOf(after)
    .filter((schema) => !existing.has(schema))
    .map((schema) => {
      const index = operations.findIndex(({ op }) => namesOf(op).some((name) => schemaOf(name) === schema));
      return { action: { kind: 'createSchema', schema }, findings: [], operation: Math.max(index, 0), phase: 'first' as const };
    });
}

/** The tables and enum types an operation names. */
function namesOf(op: Operation): string[] {
  if (op.kind === 'createEnum' || op.kind === 'dropEnum') return [op.enum.name];
  if (op.kind === 'alterEnum' || op.kind === 'renameEnum') return [typeof op.to === 'string' ? op.to : op.to.name];
  const table = tableOf(op);
  return table ? [table] : [];
}

/** A model that names schemas, on a dialect without them, is refused with the tables (and types) to move. */
function assertSchemasSupported(model: SchemaModel, caps: DialectCapabilities): void {
  if (caps.schemas) return;
  const qualified = [...model.tables.map((t) => t.name), ...model.enums.map((e) => e.name)].filter((name) => schemaOf(name) !== undefined);
  if (qualified.length === 0) return;
  throw new GatiError(
    'SCHEMAS_NOT_SUPPORTED',
    `${qualified.join(', ')} ${qualified.length === 1 ? 'is' : 'are'} in a schema other than the default one, but this database keeps every table in one ` +
      'namespace (schemas are a PostgreSQL feature; a MySQL "schema" is a database of its own). Remove the @schema tag, the schema of ' +
      "@table, or the 'schema.' of the DB interface key.",
  );
}

function actionsFor(op: Operation, backfill: BackfillValue | undefined, ctx: InPlaceContext): Action[] {
  switch (op.kind) {
    case 'createEnum':
    case 'dropEnum':
      return ctx.adapter.capabilities.enums === 'named-type' ? [{ kind: op.kind, enum: op.enum }] : [];
    case 'alterEnum':
      return alterEnumActions(op, ctx);
    case 'createTable':
      return [{ kind: op.kind, table: withInlineKeys(op.table, ctx) }];
    case 'dropTable':
      return [{ kind: op.kind, table: op.table }];
    case 'renameTable':
    case 'renameColumn':
      return [op];
    case 'renameEnum':
      return ctx.adapter.capabilities.enums === 'named-type' ? [op] : [];
    case 'renameIndex':
      return renameIndexActions(op, ctx);
    case 'renameForeignKey':
      return renameForeignKeyActions(op, ctx);
    case 'renamePrimaryKey':
      return ctx.adapter.capabilities.namedPrimaryKey ? [op] : [];
    case 'addColumn':
      return addedWithKey(op, ctx) ? [] : addColumnActions(op, backfill);
    case 'dropColumn':
      return [{ kind: op.kind, table: op.table, column: op.column }];
    case 'createIndex':
      return [indexAction(op, ctx)];
    case 'dropIndex':
      return dropIndexActions(op, ctx, indexAction(op, ctx));
    case 'addForeignKey':
      return addForeignKeyActions(op, ctx);
    case 'dropForeignKey':
      return dropForeignKeyActions(op, ctx);
    case 'alterColumn':
      return alterColumnActions(op, backfill, ctx);
    case 'alterPrimaryKey':
      return alterPrimaryKeyActions(op, ctx);
  }
}

/**
 * An index of a table that exists before and after the migration is built (or dropped) concurrently where the
 * dialect can, so that writes to the table go on meanwhile; a table the migration creates or drops is not in use.
 */
function indexAction(op: Extract<Operation, { kind: 'createIndex' | 'dropIndex' }>, ctx: InPlaceContext): Action {
  const tableComesOrGoes = ctx.operations.some((o) => (o.kind === 'createTable' || o.kind === 'dropTable') && o.table.name === op.table);
  const concurrently = ctx.adapter.capabilities.concurrentIndexes === true && !tableComesOrGoes;
  return { kind: op.kind, table: op.table, index: op.index, ...(concurrently ? { concurrently } : {}) };
}

/** The table an operation acts on (after any rename), or undefined for enum operations. */
function tableOf(op: Operation): string | undefined {
  switch (op.kind) {
    case 'createEnum':
    case 'dropEnum':
    case 'alterEnum':
    case 'renameEnum':
      return undefined;
    case 'createTable':
    case 'dropTable':
      return op.table.name;
    case 'renameTable':
      return op.to;
    default:
      return op.table;
  }
}

function touchedTableNames(operations: readonly Operation[]): Set<string> {
  const names = new Set<string>();
  for (const op of operations) {
    const table = tableOf(op);
    if (table) names.add(table);
    if (op.kind === 'renameTable') names.add(op.from);
  }
  return names;
}
