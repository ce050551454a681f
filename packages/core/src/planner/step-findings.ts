import type { BackfillValue } from '../diff/backfill';
import { backfillCandidate, describeBackfill } from '../diff/backfill';
import type { Operation } from '../diff/change-set';
import type { InPlaceContext } from './in-place-steps';
import { type Finding, type PlanStep, runsOutsideTransaction } from './plan-step';
import { costFindings } from './step-costs';

/**
 * The lint findings a step has of its own (data loss belongs to its operation, and comes separately): it runs
 * outside a transaction; it backfills rows; it makes a column NOT NULL that nothing filled, and fails on rows;
 * it holds a long lock or rewrites the table (as the dialect's capabilities price it).
 */
export function stepFindings(
  step: PlanStep,
  op: Operation,
  backfill: BackfillValue | undefined,
  ctx: InPlaceContext,
): Finding[] {
  return [...outsideTransactionFindings(step), ...backfillFindings(step, op, backfill), ...costFindings(step, ctx)];
}

function outsideTransactionFindings(step: PlanStep): Finding[] {
  if (!runsOutsideTransaction(step)) return [];
  const why =
    step.kind === 'createIndex' || step.kind === 'dropIndex'
      ? `${step.kind === 'createIndex' ? 'CREATE' : 'DROP'} INDEX CONCURRENTLY keeps ${step.table} writable meanwhile, and cannot run inside a transaction`
      : step.kind === 'validateForeignKey'
        ? `VALIDATE CONSTRAINT checks the rows of ${step.table} without blocking its writes, which it can only do in a transaction of its own`
        : 'PostgreSQL cannot use a new enum value inside the transaction that adds it';
  return [{ kind: 'non-transactional', message: `runs on its own, outside a transaction (${why})` }];
}

function backfillFindings(step: PlanStep, op: Operation, backfill: BackfillValue | undefined): Finding[] {
  if (step.kind === 'fillColumn') {
    const which = step.onlyNulls ? `the rows where it is NULL` : 'every row that exists';
    return [
      {
        kind: 'backfill',
        message: `fills ${step.table}.${step.column.name} with ${describeBackfill(step.value)} in ${which}`,
      },
    ];
  }
  if (backfill || !backfillCandidate(op)) return [];
  const name = (column: { name: string }) => `${(step as { table: string }).table}.${column.name}`;
  if (step.kind === 'addColumn' && !step.column.nullable && !step.column.default && !step.column.generated) {
    return [
      {
        kind: 'may-fail',
        message: `${name(step.column)} is NOT NULL with no default: fails if ${step.table} has rows`,
      },
    ];
  }
  if (step.kind === 'alterColumn' && step.from.nullable && !step.to.nullable) {
    return [
      {
        kind: 'may-fail',
        message: `${name(step.to)} becomes NOT NULL: fails if a row of ${step.table} holds NULL there`,
      },
    ];
  }
  return [];
}
