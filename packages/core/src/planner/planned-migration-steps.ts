import type { DialectCapabilities } from '../adapter';
import type { ColumnModel } from '../model';
import { type Action, runsOutsideTransaction } from './action';
import type { MigrationPlan, PlannedAction } from './migration-plan';

/**
 * A `MigrationStep` as the plan has it, before it is written into the file: an operation's up actions, paired
 * with the down actions that undo them.
 */
export interface PlannedMigrationStep {
  readonly up: readonly PlannedAction[];
  readonly down: readonly PlannedAction[];
  /** Whether each direction may run inside a transaction (false: a statement that cannot run in one). */
  readonly upInTransaction: boolean;
  readonly downInTransaction: boolean;
}

/**
 * Whether the migration is written as steps, each recorded as it completes: where the database commits DDL
 * statement by statement (MySQL), or where a step must run outside a transaction (PostgreSQL's CREATE INDEX
 * CONCURRENTLY, ALTER TYPE … ADD VALUE). Elsewhere a migration is one `up` and one `down`, each one transaction.
 */
export function needsSteps(plan: MigrationPlan, capabilities: DialectCapabilities): boolean {
  return !capabilities.transactionalDdl || [...plan.up, ...plan.down].some((planned) => runsOutsideTransaction(planned.action));
}

/**
 * The migration as steps: one per operation, its up actions paired with the down actions of the operation that
 * inverts it (the down list runs the inverted operations last first, so up operation `g` pairs with down
 * operation `count - 1 - g`). Where statements commit one by one, a type conversion is cut in two, so that its
 * risky part (the CAST of every row) starts a step of its own: `add` the temporary column (undone by dropping
 * it), then fill it and swap it in (undone by the inverse conversion, which leaves the temporary column again).
 * A foreign key validated apart (PostgreSQL's VALIDATE CONSTRAINT) is a step of its own after the one that adds
 * it `NOT VALID`, outside the transaction, with nothing to undo (dropping the key undoes both).
 */
export function plannedMigrationSteps(plan: MigrationPlan, capabilities: DialectCapabilities): PlannedMigrationStep[] {
  const steps: PlannedMigrationStep[] = [];
  for (const { operation, phase } of chunkOrder(plan)) {
    const up = plan.up.filter((s) => s.operation === operation && (s.phase ?? 'none') === phase);
    const down = plan.down.filter((s) => s.operation === plan.operationCount - 1 - operation && (s.phase ?? 'none') === OPPOSITE[phase]);
    if (up.length === 0 && down.length === 0) continue;
    const convert = up.find((s) => s.action.kind === 'convertColumn');
    const validate = up.find((s) => s.action.kind === 'validateForeignKey');
    if (convert && !capabilities.transactionalDdl) steps.push(...splitConversion(up, down, convert));
    else if (validate)
      steps.push(
        stepPlan(
          up.filter((s) => s !== validate),
          down,
        ),
        stepPlan([validate], []),
      );
    else steps.push(stepPlan(up, down));
  }
  return capabilities.transactionalDdl ? steps : withChecksFirst(steps);
}

type CheckConversion = Extract<Action, { kind: 'checkConversion' }>;

/**
 * Where statements commit one by one (MySQL), the checks that every value of a column converts also run in a
 * first step of their own, before anything changes: a value that does not convert then stops the migration with
 * nothing of it in effect, instead of after the steps before its conversion (a rename, an added column). Each
 * check still runs again right before its conversion (the data may change between a failed run and the next).
 * Only a check that reads the same thing at the start as where it stands moves up: no earlier step creates,
 * renames or rebuilds its table, or touches its column or the key columns that name the failing rows.
 */
function withChecksFirst(steps: readonly PlannedMigrationStep[]): PlannedMigrationStep[] {
  const first: PlannedAction[] = [];
  const earlier: Action[] = [];
  for (const step of steps) {
    for (const planned of step.up) {
      const check = planned.action;
      if (check.kind !== 'checkConversion' || earlier.length === 0) continue;
      // A conversion cut in two steps checks in both: the first time is the one that moves up, if any.
      const seen = first.some(
        ({ action }) => action.kind === 'checkConversion' && action.table === check.table && action.column === check.column,
      );
      if (!seen && earlier.every((action) => !changesWhatCheckReads(action, check))) first.push({ ...planned, findings: [] });
    }
    earlier.push(...step.up.map((planned) => planned.action));
  }
  return first.length === 0 ? [...steps] : [stepPlan(first, []), ...steps];
}

/** Actions on a table that leave the values and names of the columns they do not name as they are. */
function changesWhatCheckReads(action: Action, check: CheckConversion): boolean {
  const read = new Set([check.column, ...check.key]);
  switch (action.kind) {
    case 'createTable':
    case 'dropTable':
      return action.table.name === check.table;
    case 'renameTable':
      return action.from === check.table || action.to === check.table;
    case 'addColumn':
    case 'dropColumn':
      return action.table === check.table && read.has(action.column.name);
    case 'alterColumn':
      return action.table === check.table && (read.has(action.from.name) || read.has(action.to.name));
    case 'renameColumn':
      return action.table === check.table && (read.has(action.from) || read.has(action.to));
    case 'createIndex':
    case 'dropIndex':
    case 'renameIndex':
    case 'addForeignKey':
    case 'dropForeignKey':
    case 'validateForeignKey':
    case 'renameForeignKey':
    case 'checkConversion':
    case 'createSchema':
    case 'createEnum':
    case 'renameEnum':
      return false;
    default:
      // Anything else on the check's table (a conversion, a fill, a key or enum change) may change what it reads.
      return !('table' in action) || action.table === check.table || typeof action.table !== 'string';
  }
}

type Phase = 'first' | 'none' | 'last';

/** An up part pairs with the down part of the inverse operation that undoes it: the widening with the narrowing. */
const OPPOSITE: Readonly<Record<Phase, Phase>> = { first: 'last', none: 'none', last: 'first' };

/**
 * The parts of the migration, each an operation's steps of one phase, in the order the up runs them; an operation
 * whose up has no steps (its down has) takes its place among the others by its index.
 */
function chunkOrder(plan: MigrationPlan): { operation: number; phase: Phase }[] {
  const order: { operation: number; phase: Phase }[] = [];
  const seen = new Set<string>();
  const add = (operation: number, phase: Phase, at = order.length) => {
    const key = `${operation}:${phase}`;
    if (operation < 0 || seen.has(key)) return;
    seen.add(key);
    order.splice(at, 0, { operation, phase });
  };
  for (const s of plan.up) add(s.operation, s.phase ?? 'none');
  for (const s of plan.down) {
    const operation = plan.operationCount - 1 - s.operation;
    const phase = OPPOSITE[s.phase ?? 'none'];
    const at = order.findIndex((c) => c.phase === 'last' || (phase === 'none' && c.phase === 'none' && c.operation > operation));
    add(operation, phase, phase === 'first' ? 0 : phase === 'last' || at === -1 ? order.length : at);
  }
  return order;
}

function stepPlan(up: readonly PlannedAction[], down: readonly PlannedAction[]): PlannedMigrationStep {
  return {
    up,
    down,
    upInTransaction: !up.some((planned) => runsOutsideTransaction(planned.action)),
    downInTransaction: !down.some((planned) => runsOutsideTransaction(planned.action)),
  };
}

function splitConversion(up: readonly PlannedAction[], down: readonly PlannedAction[], convert: PlannedAction): PlannedMigrationStep[] {
  const conversion = convert.action as Extract<Action, { kind: 'convertColumn' }>;
  const at = (stage: 'add' | 'fill' | 'swap', findings = convert.findings): PlannedAction => ({
    ...convert,
    action: { ...conversion, stage },
    findings,
  });
  const temporary: ColumnModel = { name: conversion.temporary, type: conversion.to.type, nullable: true };
  const addTemporary = at('add', []);
  const dropTemporary: PlannedAction = {
    action: { kind: 'dropColumn', table: conversion.table, column: temporary },
    findings: [],
    operation: convert.operation,
  };
  // The check that every row converts runs first in both steps: nothing of the conversion has happened when it
  // stops the migration, and the data may have changed between a failed first run and the next.
  const checks = up.filter((s) => s.action.kind === 'checkConversion');
  const rest = up.filter((s) => s !== convert && !checks.includes(s));
  const before = rest.filter((s) => up.indexOf(s) < up.indexOf(convert));
  const after = rest.filter((s) => up.indexOf(s) > up.indexOf(convert));
  return [
    stepPlan([...checks, addTemporary], [dropTemporary]),
    // Then the conversion itself: when its UPDATE fails, nothing of this step has happened (it is atomic on its own).
    stepPlan(
      [...checks.map((check) => ({ ...check, findings: [] })), at('fill'), ...before, at('swap', []), ...after],
      [...down, addTemporary],
    ),
  ];
}
