import type { Adapter } from '../adapter';
import { type BackfillValue, backfillCandidate, implicitBackfill } from '../diff/backfill';
import type { ChangeSet, Operation } from '../diff/change-set';
import { findDataLoss } from '../diff/data-loss';
import { invertChangeSet } from '../diff/invert-operation';
import type { SchemaModel } from '../model';
import { planMigration } from './plan-migration';
import type { MigrationPlan } from './migration-plan';
import { planZeroDowntime } from './zero-downtime-actions';

/**
 * Plans a change set in both directions: the up from the operations, each with its data loss and its backfill
 * (`backfills`, by operation, as `resolveBackfills` decided them; else the column's default where it has one);
 * the down from the same operations inverted,
 * each with the data loss of undoing it and the placeholder it writes where a column becomes NOT NULL again.
 *
 * @example
 * const changes = await diffSchemas(snapshot.schema, entities, { renames });
 * const plan = planChanges({ before: snapshot.schema, after: entities, changes, adapter: postgresqlAdapter });
 */
export function planChanges(input: {
  readonly before: SchemaModel;
  readonly after: SchemaModel;
  readonly changes: ChangeSet;
  readonly backfills?: ReadonlyMap<Operation, BackfillValue>;
  readonly adapter: Pick<Adapter, 'capabilities' | 'types'>;
  /** Also plan the up as zero-downtime phases (see planZeroDowntime). */
  readonly zeroDowntime?: boolean;
}): MigrationPlan {
  const { before, after, changes, adapter } = input;
  const backfillOf = (op: Operation): BackfillValue | undefined => {
    const candidate = backfillCandidate(op);
    return candidate && (input.backfills?.get(op) ?? implicitBackfill(candidate));
  };
  const upOps = changes.operations.map((op) => ({ op, dataLoss: findDataLoss(op), backfill: backfillOf(op) }));
  const downOps = invertChangeSet(changes, { enums: before.enums }).operations.map((inverted) => ({
    op: inverted.op,
    dataLoss: inverted.dataLoss ? inverted.reason : undefined,
    backfill: inverted.backfill,
  }));
  const plan = planMigration({ before, after, upOps, downOps, adapter });
  return input.zeroDowntime ? { ...plan, zeroDowntime: planZeroDowntime({ before, after, upOps, adapter }) } : plan;
}
