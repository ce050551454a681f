import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { type DriftReport, detectDrift } from './schema-drift';
import { isGeneratedMigration, listMigrationFiles } from '../runner/migration-files';
import type { InterruptedRun, MigrationRecord, MigrationState } from '../runner/migration-state';
import { type HistoryRow, markInterruptedRuns } from '../runner/run-history';
import { readExistingRunnerState } from './existing-runner-state';
import { openPhase } from '../runner/zero-downtime-phases';

export type { MigrationState } from '../runner/migration-state';

/** Why a migration is `failed`: its last run, where it stopped and with what error. */
export interface MigrationFailure {
  readonly direction: 'up' | 'down';
  readonly at: string;
  readonly error: string;
  /** The step that failed, for migrations made of steps. */
  readonly step?: string;
  readonly stepNumber?: number;
  readonly stepsTotal: number;
  /** How many steps stayed in effect (a database that cannot roll DDL back); 0 when the run rolled back. */
  readonly stepsApplied: number;
  /** Statements of the failed step that completed and stayed (outside a transaction); a rerun skips them. */
  readonly statementsDone: number;
}

export interface MigrationStatusEntry {
  readonly name: string;
  readonly version?: string;
  readonly state: MigrationState;
  /** ISO timestamp of when it was applied. */
  readonly appliedAt?: string;
  readonly file?: string;
  /** `failed`: what went wrong. Also set for an applied migration whose last run (a down) failed. */
  readonly failure?: MigrationFailure;
  /**
   * `unknown`: where its last run was killed (the step, the statements of it known to have completed), and what
   * settles it: `up` or `down` for a generated migration, `migrate:repair` for a hand-written one.
   */
  readonly interrupted?: InterruptedRun & { readonly resolvedBy: 'up' | 'down' | 'repair' };
  /** `modified`: the checksum the database accepted, and the file's now. */
  readonly checksum?: { readonly accepted?: string; readonly current?: string };
  /** A zero-downtime migration that is expanding or expanded (not applied until `complete`): its phase. */
  readonly phase?: ZeroDowntimeStatus;
}

/** Where an open zero-downtime migration stands: its phase, its version's schema, its backfill per table. */
export interface ZeroDowntimeStatus {
  readonly phase: 'expanding' | 'expanded';
  readonly versionSchema: string;
  readonly backfill: Readonly<Record<string, { readonly done: number; readonly total: number }>>;
}

export interface StatusReport {
  readonly migrations: readonly MigrationStatusEntry[];
  readonly counts: Readonly<Record<MigrationState, number>>;
  /** True when something is pending, failed, unknown, modified or missing: what `--check` fails on. */
  readonly needsAttention: boolean;
  /**
   * Some migration is `unknown` and a deployer holds the migration lock now: its run may not be dead, but still
   * going on (on another machine). False when the lock is free (the run died) or nothing is unknown.
   */
  readonly lockHeld: boolean;
  /** Every run of every migration, oldest first (the append-only history). */
  readonly history: readonly HistoryRow[];
  /** With `{ drift: true }`: how the live database differs from the snapshot of its last applied migration. */
  readonly drift?: DriftReport;
}

export interface StatusOptions {
  /** Also compare the live database with the snapshot of the last applied migration (see `detectDrift`). */
  readonly drift?: boolean;
}

/**
 * `migrate:status`: every migration file and every applied migration with its state, and the run history. Two
 * queries; no migration file is imported (their text is read to checksum the applied ones).
 */
export async function migrationStatus(config: ResolvedConfig, options: StatusOptions = {}): Promise<StatusReport> {
  if (config.family === 'document') return (await import('./document-status')).migrationStatusOnDocument(config, options);
  return migrationStatusOnSql(config, options);
}

async function migrationStatusOnSql(config: SqlConfig, options: StatusOptions): Promise<StatusReport> {
  const files = listMigrationFiles(config.directory);
  const { records, history, phases, lockHeld } = await readExistingRunnerState(config, files, {
    probeLock: (r) => r.some((m) => m.interrupted),
  });
  const open = openPhase(phases);
  const entries = records.map((record) => {
    const entry = statusEntry(record);
    if (!open || open.name !== record.name || record.appliedAt !== undefined) return entry;
    const backfill = Object.fromEntries(Object.entries(open.backfill).map(([table, at]) => [table, { done: at.done, total: at.total }]));
    return { ...entry, phase: { phase: open.phase as ZeroDowntimeStatus['phase'], versionSchema: open.versionSchema, backfill } };
  });
  const drift = options.drift ? await detectDrift(config) : undefined;
  return { ...statusReport(entries, lockHeld, history), ...(drift ? { drift } : {}) };
}

/** The report of `status` from its entries, the same on every database family. */
export function statusReport(entries: MigrationStatusEntry[], lockHeld: boolean, history: readonly HistoryRow[]): StatusReport {
  const counts: Record<MigrationState, number> = { applied: 0, pending: 0, failed: 0, unknown: 0, modified: 0, missing: 0 };
  for (const entry of entries) counts[entry.state] += 1;
  return {
    migrations: entries,
    counts,
    needsAttention: entries.some((e) => e.state !== 'applied'),
    lockHeld,
    history: markInterruptedRuns(history),
  };
}

/** One migration as `status` reports it (the same shape on every database). */
export function statusEntry(record: MigrationRecord): MigrationStatusEntry {
  const run = record.lastRun;
  const failed = run && !record.interrupted && run.outcome !== 'success' && (run.direction === 'up' || run.direction === 'down');
  const failure: MigrationFailure | undefined = failed
    ? {
        direction: run.direction as 'up' | 'down',
        at: run.finishedAt ?? run.startedAt,
        error: run.error ?? (run.outcome === 'running' ? 'the run stopped before it finished (the process ended)' : 'unknown error'),
        step: run.failedStep ?? undefined,
        stepNumber: run.failedStepNumber ?? undefined,
        stepsTotal: run.stepsTotal,
        stepsApplied: run.stepsApplied,
        statementsDone: run.failedStepStatements ?? 0,
      }
    : undefined;
  return {
    name: record.name,
    version: record.version,
    state: record.state,
    appliedAt: record.appliedAt,
    file: record.file?.file,
    ...(failure ? { failure } : {}),
    ...(record.interrupted ? { interrupted: { ...record.interrupted, resolvedBy: resolvedBy(record) } } : {}),
    ...(record.state === 'modified' ? { checksum: { accepted: record.acceptedChecksum, current: record.checksum } } : {}),
  };
}

/** What settles an `unknown` migration: the command it was killed in, for a generated file; else the user. */
function resolvedBy(record: MigrationRecord): 'up' | 'down' | 'repair' {
  return record.file && isGeneratedMigration(record.file.file) ? record.interrupted!.direction : 'repair';
}
