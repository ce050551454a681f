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
  for (let group = 0; group < plan.operationCount; group++) {
    const up = plan.up.filter((s) => s.group === group);
    const down = plan.down.filter((s) => s.group === plan.operationCount - 1 - group);
    if (up.length === 0 && down.length === 0) continue;
    const convert = up.find((s) => s.step.kind === 'convertColumn');
    const validate = up.find((s) => s.step.kind === 'validateForeignKey');
    if (convert && !capabilities.transactionalDdl) steps.push(...splitConversion(up, down, convert));
    else if (validate) steps.push(stepPlan(up.filter((s) => s !== validate), down), stepPlan([validate], []));
    else steps.push(stepPlan(up, down));
  }
  return steps;
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
