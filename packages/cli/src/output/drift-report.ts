import type { DriftReport } from '@gati-framework/migrations';

/**
 * `migrate:status --drift` as text: whether the live database matches the snapshot of its last applied
 * migration, and each difference on a line of its own.
 */
export function formatDrift(drift: DriftReport): string {
  const against = drift.snapshot ? `the snapshot of ${drift.snapshot}` : 'an empty schema (no migration with a snapshot is applied)';
  const own =
    drift.lastApplied && drift.snapshot !== drift.lastApplied
      ? ` ${drift.lastApplied}, the last applied migration, has no snapshot of its own (written by hand?): gati migrate:snapshot records the schema it leaves.`
      : '';
  if (drift.notCompared) return `Drift: not compared; ${drift.notCompared}.`;
  if (!drift.drifted) return `Drift: none; the database matches ${against}.${own}`;
  const count = drift.differences.length;
  return [
    `Drift: the database differs from ${against} in ${count} way${count === 1 ? '' : 's'}:${own}`,
    ...drift.differences.map((d) => `  - ${d.message}`),
    'Undo a change made by mistake; after a hand-written migration, gati migrate:snapshot records the database as it is.',
  ].join('\n');
}
