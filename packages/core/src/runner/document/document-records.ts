import type { DocumentHistoryEntry, DocumentStepState } from '../../adapter/document-runtime';
import { GatiError } from '../../errors';
import { compareCodePoints } from '../../model';
import type { AppliedRow } from '../applied-table';
import type { MigrationFile } from '../migration-files';
import { type MigrationRecord, migrationRecords } from '../migration-state';
import { pendingInOrder, rollBackOrder } from '../migrate';
import type { HistoryRow } from '../run-history';

/**
 * Every migration of the files and of the history documents with its state, exactly as on SQL (applied,
 * pending, failed with the steps in effect, modified since applied, missing file), and every run oldest first.
 * A run that died (`running`) names no step, so a killed migration is `failed` with the steps it completed in
 * effect: the next `up` resumes at its first unfinished step.
 */
export function documentRecords(
  files: readonly MigrationFile[],
  entries: readonly DocumentHistoryEntry[],
): { records: MigrationRecord[]; history: HistoryRow[] } {
  const applied: AppliedRow[] = entries
    .filter((e) => e.appliedAt !== null)
    .map((e) => ({ name: e.name, appliedAt: e.appliedAt! }))
    .sort((a, b) => compareCodePoints(a.appliedAt, b.appliedAt) || compareCodePoints(a.name, b.name));
  const history = entries
    .flatMap((e) => e.runs.map((run) => ({ ...run, failedStepNumber: run.outcome === 'running' ? null : run.failedStepNumber })))
    .map((run, index) => ({ run, index }))
    .sort((a, b) => compareCodePoints(a.run.startedAt, b.run.startedAt) || a.index - b.index)
    .map(({ run }) => run);
  return { records: migrationRecords(files, applied, history), history };
}

/** What `up` runs, in version order: pending and failed migrations, through `through` when given. */
export function documentUpQueue(records: readonly MigrationRecord[], through?: string): MigrationRecord[] {
  const queue = pendingInOrder(records);
  const stop = through === undefined ? queue.length - 1 : queue.findIndex((r) => r.name === through);
  return queue.slice(0, stop + 1);
}

/**
 * Where `up` starts a migration: 0, or for one that failed half-way the number of its steps in effect (it
 * resumes at the first unfinished step). A file that now has fewer steps than that is refused.
 */
export function resumeStep(record: MigrationRecord, stepsTotal: number): number {
  const at = record.partial?.stepsApplied ?? 0;
  if (at > stepsTotal) {
    throw new GatiError(
      'MIGRATION_MODIFIED',
      `${record.name} stopped after step ${at} in an earlier run, but its file now has ${stepsTotal} steps. Restore the file as it was, or roll it back with gati migrate:down.`,
    );
  }
  return at;
}

/** What `down` takes back, newest first (as on SQL): `count` migrations, until `keep` is the last applied, or all (`keep: null`). */
export function documentDownQueue(
  records: readonly MigrationRecord[],
  options: { count?: number; keep?: string | null },
): MigrationRecord[] {
  return rollBackOrder(records, options);
}

/** How many steps of a migration `down` undoes: all for an applied one, those in effect for a half-applied one. */
export function stepsInEffect(record: MigrationRecord, stepsTotal: number): number {
  return record.appliedAt !== undefined ? stepsTotal : (record.partial?.stepsApplied ?? stepsTotal);
}

/** The step list of a history document after `applied` steps of `names` are in effect (the rest pending). */
export function stepStates(
  names: readonly string[],
  applied: number,
): { readonly name: string; readonly state: DocumentStepState; readonly error?: string | null }[] {
  return names.map((name, index) => ({ name, state: index < applied ? 'done' : 'pending' }));
}
