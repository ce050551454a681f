import { compareCodePoints } from '../model';
import type { AppliedRow } from './applied-table';
import { type FileFacts, UNCACHED_FILE_FACTS } from './file-facts';
import type { MigrationFile } from './migration-files';
import type { HistoryRow } from './run-history';

/**
 * - `applied`: in the applied table, its file as it was when it ran (or accepted since with migrate:repair);
 * - `modified`: applied, but its file has changed since;
 * - `missing`: applied, but its file is gone;
 * - `failed`: not applied, and its last run failed (or never finished); `partial` says how many steps of it
 *   are in effect, on a database that could not roll them back;
 * - `unknown`: its last run died (the process was killed) in the middle of a step that runs outside a transaction
 *   (every step on MySQL, whose DDL commits statement by statement; `CREATE INDEX CONCURRENTLY` on PostgreSQL):
 *   the statements of that step up to the one that was running may or may not be in effect; `interrupted` says
 *   where. `up` (or `down`) finishes a generated migration, checking each statement against the catalog first;
 *   a hand-written one waits for `migrate:repair --applied | --rolled-back`;
 * - `pending`: not applied.
 */
export type MigrationState = 'applied' | 'pending' | 'failed' | 'unknown' | 'modified' | 'missing';

/** Where a run died, for a migration whose state is `unknown`. */
export interface InterruptedRun {
  readonly direction: 'up' | 'down';
  /** The step that was running (1 is the first), its name, and how many steps the migration has. */
  readonly stepNumber: number;
  readonly step: string | null;
  readonly stepsTotal: number;
  /** Steps in effect before it, counted from the first (for a down: still in effect). */
  readonly stepsApplied: number;
  /** Statements of that step known to have completed: the next one may or may not have taken effect. */
  readonly statementsDone: number;
}

export interface MigrationRecord {
  readonly name: string;
  readonly state: MigrationState;
  readonly file?: MigrationFile;
  /** What the file declares (read from its text; no file is imported). */
  readonly version?: string;
  readonly appliedAt?: string;
  /** The checksum the database accepted for it: its last successful up (or baseline, or repair). */
  readonly acceptedChecksum?: string;
  /** The file's checksum now (applied migrations only: the others are not compared). */
  readonly checksum?: string;
  /** Its most recent run. */
  readonly lastRun?: HistoryRow;
  /** A failed migration whose completed steps stayed in effect: how many, of how many. */
  readonly partial?: { readonly stepsApplied: number; readonly stepsTotal: number };
  /** `unknown`: where its last run died. */
  readonly interrupted?: InterruptedRun;
}

/**
 * How `up` orders what is pending: by version (then name), compared by code point; a file that declares no
 * version goes by its name, after every dated one.
 */
export function applyOrder(a: MigrationRecord, b: MigrationRecord): number {
  return compareCodePoints(versionKey(a), versionKey(b)) || compareCodePoints(a.name, b.name);
}

/**
 * Sortable text for a version: its moment (an ISO timestamp's, a `tsv:` id's seconds), then the id, so that
 * two ids of the same second keep a stable order.
 */
function versionKey(record: MigrationRecord): string {
  const version = record.version;
  const tsv = version ? /^tsv:(\d+)-/.exec(version) : null;
  const ms = tsv ? Number(tsv[1]) * 1000 : version ? Date.parse(version) : Number.NaN;
  if (Number.isNaN(ms)) return `~${record.name}`; // `~` comes after the digits of every dated key
  return `${String(ms).padStart(16, '0')} ${version}`;
}

/**
 * Every migration known to the files or to the database, with its state, sorted by name. Reads each file for its
 * version and each applied one's checksum (through `facts`, which may keep them between runs); imports none.
 */
export function migrationRecords(
  files: readonly MigrationFile[],
  applied: readonly AppliedRow[],
  history: readonly HistoryRow[],
  facts: FileFacts = UNCACHED_FILE_FACTS,
): MigrationRecord[] {
  const appliedByName = new Map(applied.map((row) => [row.name, row]));
  const lastRun = new Map<string, HistoryRow>();
  const accepted = new Map<string, string>();
  for (const run of history) {
    lastRun.set(run.name, run);
    if (
      (run.outcome === 'success' || run.outcome === 'applied') &&
      run.checksum &&
      (run.direction === 'up' || run.direction === 'baseline' || run.direction === 'repair' || run.direction === 'complete')
    ) {
      accepted.set(run.name, run.checksum);
    }
  }
  const records: MigrationRecord[] = files.map((file) => {
    const row = appliedByName.get(file.name);
    const run = lastRun.get(file.name);
    const base = { name: file.name, file, version: facts.version(file.file), lastRun: run };
    if (row) {
      const acceptedChecksum = accepted.get(file.name);
      const checksum = facts.checksum(file.file);
      const state = acceptedChecksum !== undefined && acceptedChecksum !== checksum ? 'modified' : 'applied';
      return { ...base, state, appliedAt: row.appliedAt, acceptedChecksum, checksum };
    }
    const interrupted = run ? interruptedRun(run) : undefined;
    if (interrupted) return { ...base, state: 'unknown', interrupted };
    if (run && run.outcome !== 'success' && (run.direction === 'up' || run.direction === 'down')) {
      const partial = run.stepsApplied > 0 ? { stepsApplied: run.stepsApplied, stepsTotal: run.stepsTotal } : undefined;
      return { ...base, state: 'failed', partial };
    }
    return { ...base, state: 'pending' };
  });
  for (const row of applied) {
    if (!files.some((f) => f.name === row.name)) {
      records.push({
        name: row.name,
        state: 'missing',
        appliedAt: row.appliedAt,
        lastRun: lastRun.get(row.name),
        acceptedChecksum: accepted.get(row.name),
      });
    }
  }
  return records.sort((a, b) => compareCodePoints(a.name, b.name));
}

/**
 * A run still `running` (its process died: the caller holds the lock, or found it free) that names the step it
 * was in: the runner names a step only while it runs outside a transaction, so what the step did so far stayed,
 * and which of its statements took effect is not known. A run that died inside a transaction (or between steps)
 * names none: its transaction rolled back, and `stepsApplied` is exact.
 */
export function interruptedRun(run: HistoryRow): InterruptedRun | undefined {
  if (run.outcome !== 'running' || run.failedStepNumber === null) return undefined;
  if (run.direction !== 'up' && run.direction !== 'down') return undefined;
  return {
    direction: run.direction,
    stepNumber: run.failedStepNumber,
    step: run.failedStep,
    stepsTotal: run.stepsTotal,
    stepsApplied: run.stepsApplied,
    statementsDone: run.failedStepStatements ?? 0,
  };
}
