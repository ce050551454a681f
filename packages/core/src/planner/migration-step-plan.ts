import type { DialectCapabilities } from '../adapter';
import type { ColumnModel } from '../model';
import { type MigrationPlan, type PlanStep, type PlannedStep, runsOutsideTransaction } from './plan-step';

/** One step of a migration file written as steps: an operation's up, paired with the down that undoes it. */
export interface MigrationStepPlan {
  readonly up: readonly PlannedStep[];
  readonly down: readonly PlannedStep[];
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
  return !capabilities.transactionalDdl || [...plan.up, ...plan.down].some((s) => runsOutsideTransaction(s.step));
}

/**
 * The migration as steps: one per operation, its up steps paired with the down steps of the operation that
 * inverts it (the down list runs the inverted operations last first, so up operation `g` pairs with down
 * operation `count - 1 - g`). Where statements commit one by one, a type conversion is cut in two, so that its
 * risky part (the CAST of every row) starts a step of its own: `add` the temporary column (undone by dropping
 * it), then fill it and swap it in (undone by the inverse conversion, which leaves the temporary column again).
 * A foreign key validated apart (PostgreSQL's VALIDATE CONSTRAINT) is a step of its own after the one that adds
 * it `NOT VALID`, outside the transaction, with nothing to undo (dropping the key undoes both).
 */
export function migrationStepPlans(plan: MigrationPlan, capabilities: DialectCapabilities): MigrationStepPlan[] {
  const steps: MigrationStepPlan[] = [];
  for (const { group, phase } of chunkOrder(plan)) {
    const up = plan.up.filter((s) => s.group === group && (s.phase ?? 'none') === phase);
    const down = plan.down.filter((s) => s.group === plan.operationCount - 1 - group && (s.phase ?? 'none') === OPPOSITE[phase]);
    if (up.length === 0 && down.length === 0) continue;
    const convert = up.find((s) => s.step.kind === 'convertColumn');
    const validate = up.find((s) => s.step.kind === 'validateForeignKey');
    if (convert && !capabilities.transactionalDdl) steps.push(...splitConversion(up, down, convert));
    else if (validate) steps.push(stepPlan(up.filter((s) => s !== validate), down), stepPlan([validate], []));
    else steps.push(stepPlan(up, down));
  }
  return steps;
}

type Phase = 'first' | 'none' | 'last';

/** An up part pairs with the down part of the inverse operation that undoes it: the widening with the narrowing. */
const OPPOSITE: Readonly<Record<Phase, Phase>> = { first: 'last', none: 'none', last: 'first' };

/**
 * The parts of the migration, each an operation's steps of one phase, in the order the up runs them; an operation
 * whose up has no steps (its down has) takes its place among the others by its index.
 */
function chunkOrder(plan: MigrationPlan): { group: number; phase: Phase }[] {
  const order: { group: number; phase: Phase }[] = [];
  const seen = new Set<string>();
  const add = (group: number, phase: Phase, at = order.length) => {
    const key = `${group}:${phase}`;
    if (group < 0 || seen.has(key)) return;
    seen.add(key);
    order.splice(at, 0, { group, phase });
  };
  for (const s of plan.up) add(s.group, s.phase ?? 'none');
  for (const s of plan.down) {
    const group = plan.operationCount - 1 - s.group;
    const phase = OPPOSITE[s.phase ?? 'none'];
    const at = order.findIndex((c) => c.phase === 'last' || (phase === 'none' && c.phase === 'none' && c.group > group));
    add(group, phase, phase === 'first' ? 0 : phase === 'last' || at === -1 ? order.length : at);
  }
  return order;
}

function stepPlan(up: readonly PlannedStep[], down: readonly PlannedStep[]): MigrationStepPlan {
  return {
    up,
    down,
    upInTransaction: !up.some((s) => runsOutsideTransaction(s.step)),
    downInTransaction: !down.some((s) => runsOutsideTransaction(s.step)),
  };
}

function splitConversion(up: readonly PlannedStep[], down: readonly PlannedStep[], convert: PlannedStep): MigrationStepPlan[] {
  const step = convert.step as Extract<PlanStep, { kind: 'convertColumn' }>;
  const at = (stage: 'add' | 'fill' | 'swap', findings = convert.findings): PlannedStep => ({ ...convert, step: { ...step, stage }, findings });
  const temporary: ColumnModel = { name: step.temporary, type: step.to.type, nullable: true };
  const addTemporary = at('add', []);
  const dropTemporary: PlannedStep = { step: { kind: 'dropColumn', table: step.table, column: temporary }, findings: [], group: convert.group };
  const rest = up.filter((s) => s !== convert);
  return [
    stepPlan([addTemporary], [dropTemporary]),
    // The CAST first: when it fails, nothing of this step has happened (an UPDATE is atomic on its own).
    stepPlan([at('fill'), ...rest.filter((s) => up.indexOf(s) < up.indexOf(convert)), at('swap', []), ...rest.filter((s) => up.indexOf(s) > up.indexOf(convert))], [
      ...down,
      addTemporary,
    ]),
  ];
}
