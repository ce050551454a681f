import type { Kysely } from 'kysely';
import { DecisionRequiredError, GatiError } from '../errors';
import { compareCodePoints } from '../model';
import { createAppliedTable, readAppliedMigrations } from './applied-table';
import { loadMigration } from './load-migration';
import { CachedFileFacts } from './file-facts';
import { fileChecksum } from './migration-checksum';
import { type ExecutionContext, type MigrationHooks, type RetryPolicy, executeMigration } from './migration-executor';
import type { MigrationFile } from './migration-files';
import { type MigrationRecord, applyOrder, migrationRecords } from './migration-state';
import { stepsOf } from './loaded-steps';
import { type HistoryRow, createHistoryTable, readRunHistory } from './run-history';
import { type TableExists, runnerTableNames, runnerTables } from './runner-tables';
import type { Postcheck, StatementTracker } from './statement-tracker';
import { assertResumable } from './interrupted-runs';
import { type ZeroDowntimeRunner, assertNoOpenExpand, expandMigration, readPhaseRows, runsAsExpand } from './zero-downtime-run';
import { type PhaseRow, openPhase } from './zero-downtime-phases';

export interface RunnerContext {
  readonly db: Kysely<any>;
  readonly tableName: string;
  readonly files: readonly MigrationFile[];
  readonly transactionalDdl: boolean;
  /** capabilities.writableCte: a migration's applied row and history row are written by one statement. */
  readonly writableCte?: boolean;
  /** A targeted catalog query (Adapter.tableExists), or Kysely's introspection. */
  readonly tableExists: TableExists;
  readonly hooks?: MigrationHooks;
  /** Retrying a migration whose lock timed out (its transaction rolled back, so running it again is safe). */
  readonly retry?: RetryPolicy;
  /** Told what the user should know but that does not stop the run (a migration applied out of order). */
  readonly onWarning?: (message: string) => void;
  readonly toolVersion: string;
  /** Counts (and on a rerun skips) the statements of each step: see StatementTracker. */
  readonly tracker?: StatementTracker;
  /** Where the adapter runs zero-downtime phases: `up` expands a migration that has them. */
  readonly zeroDowntime?: ZeroDowntimeRunner;
  /** Adapter.postcheck: whether a statement already took effect, for the step a killed run was in. */
  readonly postcheck?: Postcheck;
  /** Where the files' checksums and versions are kept between runs (see CachedFileFacts); none: read every time. */
  readonly fileFactsCache?: string;
}

export interface MigrationRun {
  readonly name: string;
  /** `expand`: the first phase of a zero-downtime migration (it is expanded, not applied). */
  readonly direction: 'up' | 'down' | 'expand';
  readonly durationMs: number;
  /** Steps skipped because an earlier, failed run had completed them. */
  readonly resumedAt?: number;
}

/** Every migration of the files and the database with its state (see MigrationRecord), and every run: two queries. */
export async function readRunnerState(
  db: Kysely<any>,
  ctx: Pick<RunnerContext, 'tableName' | 'files' | 'tableExists' | 'fileFactsCache'>,
): Promise<{ records: MigrationRecord[]; history: HistoryRow[]; phases: PhaseRow[] }> {
  const tables = runnerTables(ctx.tableName);
  const applied = await readAppliedMigrations(db, tables.applied, ctx.tableExists);
  const history = await readRunHistory(db, tables.history, ctx.tableExists);
  const phases = await readPhaseRows(db, ctx);
  const facts = ctx.fileFactsCache !== undefined ? new CachedFileFacts(ctx.fileFactsCache) : undefined;
  const records = migrationRecords(ctx.files, applied, history, facts);
  facts?.save();
  return { records, history, phases };
}

/** Every migration of the files and the database with its state (see MigrationRecord). */
export async function readMigrationRecords(
  db: Kysely<any>,
  ctx: Pick<RunnerContext, 'tableName' | 'files' | 'tableExists' | 'fileFactsCache'>,
): Promise<MigrationRecord[]> {
  return (await readRunnerState(db, ctx)).records;
}

/**
 * Applies what is pending (and finishes what failed half-way), in version order, each migration in its own
 * transaction where the database allows, stopping after `through` when given. Refuses to start while an
 * applied migration's file was edited or removed.
 */
export async function applyPending(ctx: RunnerContext, options: { through?: string } = {}): Promise<MigrationRun[]> {
  return ctx.db.connection().execute(async (db) => {
    await ensureRunnerTables(db, ctx.tableName);
    const records = await readMigrationRecords(db, ctx);
    assertIntact(records, 'migrate:up');
    assertResumable(records, 'up');
    const phases = await readPhaseRows(db, ctx);
    const open = openPhase(phases);
    await ctx.hooks?.session?.(db);
    // An expanded migration is not applied until `complete`; it is not run again.
    const queue = pendingInOrder(records).filter((r) => !(open?.phase === 'expanded' && r.name === open.name));
    if (open && queue.length > 0) assertNoOpenExpand(phases, 'migrate:up', queue[0]!.name);
    if (open?.phase === 'expanded') {
      ctx.onWarning?.(`${open.name} is expanded: gati migrate:complete contracts it once the old version is retired.`);
    }
    const stop = options.through === undefined ? queue.length - 1 : queue.findIndex((r) => r.name === options.through);
    const toRun = queue.slice(0, stop + 1);
    warnOutOfOrder(records, toRun, ctx.onWarning);
    const runs: MigrationRun[] = [];
    const views = new VersionViews(ctx, db);
    try {
      for (const record of toRun) {
        const definition = await loadMigration(record.file!);
        if (ctx.zeroDowntime && runsAsExpand(definition, ctx.zeroDowntime)) {
          const durationMs = await expandMigration({ ...ctx, zeroDowntime: ctx.zeroDowntime }, db, record, definition);
          runs.push({ name: record.name, direction: 'expand', durationMs });
          const waiting = toRun.length - runs.length;
          if (waiting > 0) {
            ctx.onWarning?.(
              `${waiting} later migration${waiting > 1 ? 's wait' : ' waits'} until ${record.name} is completed (gati migrate:complete) or rolled back.`,
            );
          }
          break;
        }
        const steps = stepsOf(definition, record.name);
        const checksum = fileChecksum(record.file!.file);
        const resumeAt = record.partial?.stepsApplied ?? record.interrupted?.stepsApplied ?? 0;
        if (resumeAt > steps.length) {
          throw new GatiError(
            'MIGRATION_MODIFIED',
            `${record.name} stopped after step ${resumeAt} in an earlier run, but its file now has ${steps.length} steps. Restore the file as it was, or roll it back with gati migrate:down.`,
          );
        }
        if (record.interrupted) {
          const at = record.interrupted;
          ctx.onWarning?.(
            `${record.name}: an earlier run was killed in step ${at.stepNumber} of ${at.stepsTotal}${at.step && at.stepsTotal > 1 ? ` (${at.step})` : ''}; ` +
              'going on from there, each of its statements first checked against the database and left out when it already took effect.',
          );
        } else if (resumeAt > 0) {
          ctx.onWarning?.(
            `${record.name} failed at step ${resumeAt + 1} of ${steps.length} in an earlier run; continuing from there` +
              (record.lastRun?.checksum && record.lastRun.checksum !== checksum ? ' with the edited file.' : '.'),
          );
        }
        await views.release();
        const { durationMs } = await executeMigration(executionContext(ctx, db), {
          name: record.name,
          version: definition.version,
          checksum,
          steps,
          direction: 'up',
          stepsApplied: resumeAt,
          listedAsApplied: false,
          statementsDone: completedStatements(record, 'up', ctx.transactionalDdl),
          resumeKilled: record.interrupted !== undefined,
        });
        runs.push({ name: record.name, direction: 'up', durationMs, ...(resumeAt > 0 ? { resumedAt: resumeAt + 1 } : {}) });
      }
    } finally {
      await views.refresh();
    }
    return runs;
  });
}

/**
 * Rolls back the most recent migrations, newest first: a migration left half-applied by a failure first, then
 * the applied ones. `count` of them, or until `keep` is the last one applied (`keep: null`: everything). A
 * migration whose down loses data is refused unless `allowDataLoss`; so is one whose file was edited since it ran.
 */
export async function rollBack(
  ctx: RunnerContext,
  options: { count?: number; keep?: string | null; allowDataLoss?: boolean },
): Promise<MigrationRun[]> {
  return ctx.db.connection().execute(async (db) => {
    await ensureRunnerTables(db, ctx.tableName);
    const records = await readMigrationRecords(db, ctx);
    assertNoOpenExpand(await readPhaseRows(db, ctx), 'migrate:down');
    const toRollBack = rollBackOrder(records, options);
    // An edited applied migration makes the history untrustworthy whichever migrations this down takes back.
    assertIntact([...records.filter((r) => r.state === 'modified'), ...toRollBack], 'migrate:down');
    assertResumable(records, 'down');
    await ctx.hooks?.session?.(db);
    const runs: MigrationRun[] = [];
    const views = new VersionViews(ctx, db);
    try {
      for (const record of toRollBack) {
        const definition = await loadMigration(record.file!);
        const loss = definition.dataLoss?.down ?? [];
        if (loss.length > 0 && !options.allowDataLoss) {
          throw new DecisionRequiredError(
            `Rolling back ${record.name} loses data (${loss.join('; ')}). Run again with --allow-data-loss to accept that.`,
          );
        }
        const steps = stepsOf(definition, record.name);
        const inEffect = record.partial?.stepsApplied ?? record.interrupted?.stepsApplied ?? steps.length;
        const noDown = steps.slice(0, inEffect).find((s) => !s.down);
        if (noDown) {
          throw new GatiError(
            'NO_DOWN',
            `Migration ${record.name} has no down ${steps.length > 1 ? `for its step "${noDown.name}"` : 'step'} and cannot be rolled back.`,
          );
        }
        // A completed zero-downtime migration: its version's views name its columns, and go first.
        if (definition.zeroDowntime && ctx.zeroDowntime) await ctx.zeroDowntime.support.dropVersionSchema(db, definition.version);
        await views.release();
        const { durationMs } = await executeMigration(executionContext(ctx, db), {
          name: record.name,
          version: definition.version,
          // Checksummed already for an applied migration (a half-applied one is not).
          checksum: record.checksum ?? fileChecksum(record.file!.file),
          steps,
          direction: 'down',
          stepsApplied: inEffect,
          listedAsApplied: record.appliedAt !== undefined,
          statementsDone: completedStatements(record, 'down', ctx.transactionalDdl),
          resumeKilled: record.interrupted !== undefined,
        });
        runs.push({ name: record.name, direction: 'down', durationMs });
      }
    } finally {
      await views.refresh();
    }
    return runs;
  });
}

/**
 * What `down` takes back, newest first: a half-applied migration (failed with steps in effect) before every
 * applied one, then the applied ones from the last applied.
 */
export function rollBackOrder(records: readonly MigrationRecord[], options: { count?: number; keep?: string | null }): MigrationRecord[] {
  const applied = records
    .filter((r) => r.appliedAt !== undefined)
    .sort((a, b) => compareCodePoints(a.appliedAt!, b.appliedAt!) || compareCodePoints(a.name, b.name));
  const partial = records
    .filter((r) => (r.state === 'failed' && r.partial) || r.interrupted?.direction === 'down')
    .sort((a, b) => compareCodePoints(a.lastRun!.startedAt, b.lastRun!.startedAt));
  const newestFirst = [...applied, ...partial].reverse();
  if (options.keep === undefined) return newestFirst.slice(0, options.count ?? 1);
  if (options.keep === null) return newestFirst;
  // A `keep` that is not applied rolls back nothing (the API refuses it before, with a message).
  const stop = newestFirst.findIndex((r) => r.name === options.keep);
  return stop === -1 ? [] : newestFirst.slice(0, stop);
}

/**
 * The statements of the next step that an earlier run in the same direction completed before it failed (or was
 * killed), outside a transaction (they stayed): the rerun does not send them again. 0 otherwise, and 0 where
 * DDL is transactional: a step that runs outside a transaction there is written to be run again whole.
 */
function completedStatements(record: MigrationRecord, direction: 'up' | 'down', transactionalDdl: boolean): number {
  const run = record.lastRun;
  if (transactionalDdl || !run || run.outcome === 'success' || run.direction !== direction) return 0;
  const next = direction === 'up' ? run.stepsApplied + 1 : run.stepsApplied;
  return run.failedStepNumber === next ? (run.failedStepStatements ?? 0) : 0;
}

/** What `up` runs: pending and failed migrations, and those a killed `up` left unknown, in version order. */
export function pendingInOrder(records: readonly MigrationRecord[]): MigrationRecord[] {
  return records.filter((r) => r.state === 'pending' || r.state === 'failed' || r.interrupted?.direction === 'up').sort(applyOrder);
}

async function ensureRunnerTables(db: Kysely<any>, tableName: string): Promise<void> {
  const tables = runnerTables(tableName);
  await createAppliedTable(db, tables.applied);
  await createHistoryTable(db, tables.history);
}

/**
 * Stops a run that would go on from a history it cannot trust: among `checked`, an applied migration whose file
 * was edited since it ran (`modified`), or whose file is gone (`missing`).
 */
export function assertIntact(checked: readonly MigrationRecord[], command: string): void {
  const modified = checked.filter((r) => r.state === 'modified');
  const missing = checked.filter((r) => r.state === 'missing');
  if (modified.length > 0) {
    throw new GatiError(
      'MIGRATION_MODIFIED',
      `${list(modified)} ${modified.length > 1 ? 'were' : 'was'} edited after ${modified.length > 1 ? 'they were' : 'it was'} applied, so the database no longer matches ${modified.length > 1 ? 'those files' : 'that file'}. ` +
        `Restore the file (git checkout), or run gati migrate:repair to accept the edit; ${command} runs nothing until then.`,
    );
  }
  if (missing.length > 0) {
    throw new GatiError(
      'MIGRATION_MISSING',
      `${list(missing)} ${missing.length > 1 ? 'were' : 'was'} applied, but ${missing.length > 1 ? 'their files are' : 'its file is'} missing from the migrations directory. ` +
        `Restore ${missing.length > 1 ? 'them' : 'it'}, or run gati migrate:repair --forget-missing if ${missing.length > 1 ? 'they were' : 'it was'} removed on purpose; ${command} runs nothing until then.`,
    );
  }
}

function list(records: readonly MigrationRecord[]): string {
  return records.map((r) => r.name).join(', ');
}

/** A pending migration older than one already applied was written on a parallel branch: say so, then apply it. */
export function warnOutOfOrder(
  records: readonly MigrationRecord[],
  toRun: readonly MigrationRecord[],
  warn?: (message: string) => void,
): void {
  const applied = records.filter((r) => r.appliedAt !== undefined).sort(applyOrder);
  const newest = applied[applied.length - 1];
  if (!newest || !warn) return;
  for (const record of toRun) {
    if (applyOrder(record, newest) < 0) {
      warn(
        `${record.name}${record.version ? ` (version ${record.version})` : ''} is older than ${newest.name}, which is already applied: ` +
          'it was probably written on a parallel branch. Applying it now, in version order.',
      );
    }
  }
}

function executionContext(ctx: RunnerContext, db: Kysely<any>): ExecutionContext {
  return {
    db,
    tables: runnerTables(ctx.tableName),
    transactionalDdl: ctx.transactionalDdl,
    writableCte: ctx.writableCte,
    hooks: ctx.hooks ?? {},
    retry: ctx.retry,
    toolVersion: ctx.toolVersion,
    tracker: ctx.tracker,
    postcheck: ctx.postcheck,
  };
}

/**
 * The version schemas' views around plain migrations (see ZeroDowntimeSupport.releaseVersionViews): dropped before
 * the first plain migration of a run, so that no view blocks a change to its table, and made again from the
 * tables after the run (also after a failure), except the open expand's.
 */
class VersionViews {
  #released = false;

  constructor(
    private readonly ctx: RunnerContext,
    private readonly db: Kysely<any>,
  ) {}

  async release(): Promise<void> {
    if (this.#released || !this.ctx.zeroDowntime) return;
    this.#released = await this.ctx.zeroDowntime.support.releaseVersionViews(this.db);
  }

  async refresh(): Promise<void> {
    if (!this.#released || !this.ctx.zeroDowntime) return;
    const open = openPhase(await readPhaseRows(this.db, this.ctx));
    await this.ctx.zeroDowntime.support.refreshVersionViews(this.db, {
      ...(open ? { except: open.versionSchema } : {}),
      runnerTables: runnerTableNames(this.ctx.tableName),
    });
  }
}
