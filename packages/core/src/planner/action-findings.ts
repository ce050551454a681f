import type { BackfillValue } from '../diff/backfill';
import { backfillCandidate, describeBackfill } from '../diff/backfill';
import { conversionRequirement } from '../diff/type-conversion';
import type { Operation } from '../diff/change-set';
import type { InPlaceContext } from './in-place-actions';
import { type Action, runsOutsideTransaction } from './action';
import type { Finding } from './migration-plan';
import { costFindings } from './action-costs';

/**
 * The lint findings an action has of its own (data loss belongs to its operation, and comes separately): it runs
 * outside a transaction; it backfills rows; it makes a column NOT NULL that nothing filled, and fails on rows;
 * it holds a long lock or rewrites the table (as the dialect's capabilities price it).
 */
export function actionFindings(action: Action, op: Operation, backfill: BackfillValue | undefined, ctx: InPlaceContext): Finding[] {
  return [
    ...outsideTransactionFindings(action),
    ...backfillFindings(action, op, backfill),
    ...conversionFindings(action),
    ...costFindings(action, ctx),
  ];
}

function outsideTransactionFindings(action: Action): Finding[] {
  if (!runsOutsideTransaction(action)) return [];
  const why =
    action.kind === 'createIndex' || action.kind === 'dropIndex'
      ? `${action.kind === 'createIndex' ? 'builds' : 'drops'} the index while ${action.table} stays writable, which the database cannot do inside a transaction`
      : action.kind === 'validateForeignKey'
        ? `checks the rows of ${action.table} against the key without blocking their writes, in a transaction of its own`
        : 'the database cannot use a new enum value inside the transaction that adds it';
  return [{ kind: 'non-transactional', message: `runs on its own, outside a transaction (${why})` }];
}

/** A conversion that some values may not pass: those rows stop the migration, before anything changes. */
function conversionFindings(action: Action): Finding[] {
  if (action.kind !== 'checkConversion') return [];
  const requirement = conversionRequirement(action.from, action.to);
  if (!requirement) return [];
  return [
    {
      kind: 'may-fail',
      message: `a row whose ${action.table}.${action.column} is not ${requirement} stops the migration before anything changes, naming the rows: map such values in the conversion's REVIEW expression`,
    },
  ];
}

function backfillFindings(action: Action, op: Operation, backfill: BackfillValue | undefined): Finding[] {
  if (action.kind === 'fillColumn') {
    const which = action.onlyNulls ? `the rows where it is NULL` : 'every row that exists';
    return [
      {
        kind: 'backfill',
        message: `fills ${action.table}.${action.column.name} with ${describeBackfill(action.value)} in ${which}`,
      },
    ];
  }
  if (backfill || !backfillCandidate(op)) return [];
  const name = (column: { name: string }) => `${(action as { table: string }).table}.${column.name}`;
  if (action.kind === 'addColumn' && !action.column.nullable && !action.column.default && !action.column.generated) {
    return [
      {
        kind: 'may-fail',
        message: `${name(action.column)} is NOT NULL with no default: fails if ${action.table} has rows`,
      },
    ];
  }
  if (action.kind === 'alterColumn' && action.from.nullable && !action.to.nullable) {
    return [
      {
        kind: 'may-fail',
        message: `${name(action.to)} becomes NOT NULL: fails if a row of ${action.table} holds NULL there`,
      },
    ];
  }
  return [];
}
