import type { Kysely } from 'kysely';
import { MigrationFailedError, describeCause, redactSecrets } from '../errors';
import { appliedDelete, appliedInsert, recordRolledBack } from './applied-table';
import type { LoadedStep } from './loaded-steps';
import { type HistoryRow, insertRun, updateRun } from './run-history';
import type { RunnerTables } from './runner-tables';
import type { Postcheck, StatementTracker } from './statement-tracker';

/** What runs once per run, and inside each transaction. */
export interface MigrationHooks {
  /** Adapter.prepareSession, once on the run's connection: PostgreSQL sets its lock_timeout here. */
  readonly session?: (db: Kysely<any>) => Promise<void>;
  /** Adapter.checkIntegrity, inside each transaction before it commits: SQLite checks foreign keys. */
  readonly after?: (db: Kysely<any>) => Promise<void>;
}

export interface RetryPolicy {
  readonly retries: number;
  readonly isRetryable: (error: unknown) => boolean;
  /** First wait; each further one doubles (with jitter), up to 8 s. */
  readonly baseDelayMs?: number;
  /** Told about each retry, for the user to see why it is slow. */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

export interface ExecutionContext {
  /** One connection, held for the whole run (see Kysely's `db.connection()`). */
  readonly db: Kysely<any>;
  readonly tables: RunnerTables;
  /** The database rolls DDL back with a transaction (capabilities.transactionalDdl). */
  readonly transactionalDdl: boolean;
  /** The applied-table change and the history row can be one statement (capabilities.writableCte). */
  readonly writableCte?: boolean;
  readonly hooks: MigrationHooks;
  readonly retry?: RetryPolicy;
  readonly toolVersion: string;
  /** Counts each step's statements, and skips the ones an earlier failed run completed (see StatementTracker). */
  readonly tracker?: StatementTracker;
  /** Adapter.postcheck: whether a statement already took effect, asked of the catalog. */
  readonly postcheck?: Postcheck;
}

/** One migration to run in one direction, from the state the database is in. */
export interface MigrationJob {
  readonly name: string;
  readonly version: string;
  readonly checksum: string;
  readonly steps: readonly LoadedStep[];
  readonly direction: 'up' | 'down';
  /** How many steps, counted from the first, are in effect now: 0 for a pending migration, all for an applied one. */
  readonly stepsApplied: number;
  /** Whether the applied table lists it now. */
  readonly listedAsApplied: boolean;
  /**
   * Statements of the first step to run that an earlier, failed run completed outside a transaction: they are
   * not sent again (see StatementTracker).
   */
  readonly statementsDone?: number;
  /**
   * The first step to run is the one a killed run was in: after `statementsDone`, each of its statements is first
   * checked against the catalog (ExecutionContext.postcheck) and left out when it already took effect.
   */
  readonly resumeKilled?: boolean;
}

/** What every history row of a run says, however it ends. */
type RunBase = Pick<HistoryRow, 'name' | 'direction' | 'version' | 'checksum' | 'stepsTotal' | 'toolVersion' | 'startedAt'>;

/** A stretch of consecutive steps that run together: in one transaction, or (`transaction: false`) one step alone. */
interface Segment {
  readonly transaction: boolean;
  /** Step indexes, in the order they run. */
  readonly steps: readonly number[];
}

/** The history row names no step: none is running outside a transaction (or failed). */
const NO_STEP = { failedStep: null, failedStepNumber: null, failedStepStatements: null } as const;

/** One run of a migration, as it was set up: fixed while it runs. */
interface Run {
  readonly ctx: ExecutionContext;
  readonly job: MigrationJob;
  readonly base: RunBase;
  /** `performance.now()` at the start, for durations. */
  readonly t0: number;
  /** The whole run is one transaction: the records are written in it, and nothing is recorded before it commits. */
  readonly atomic: boolean;
  /** Otherwise, the history row written at the start and moved on after every step. */
  readonly row?: HistoryRow;
}

/** The step a run ran last (the one that failed, after a failure). */
interface StepRun {
  readonly step: LoadedStep;
  readonly inTransaction: boolean;
  /** Its statements that completed (skipped ones included), as the tracker counted them. */
  readonly statements: number;
}

/** Where a run stands between segments: handed from one segment to the next, never shared. */
interface RunProgress {
  /** Steps of the migration in effect, counted from the first. */
  readonly applied: number;
  /** Statements of the next step that an earlier run completed outside a transaction: not sent again. */
  readonly skip: number;
  /** The next step is the one a killed run was in: its statements are postchecked (MigrationJob.resumeKilled). */
  readonly postcheck?: boolean;
  readonly last?: StepRun;
}

/** A segment that failed, with the progress as it stands after the failure (a transaction's work rolled back). */
class SegmentFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly progress: RunProgress,
  ) {
    super(describeCause(cause));
  }
}

/**
 * Runs one migration's remaining steps in `job.direction`, recording it in the applied table and the run
 * history. Where the whole run is one transaction, the records are written in it, so they commit or roll back
 * with the change, and a failure is recorded after the rollback. Where it is not (MySQL, or a step that runs
 * outside a transaction), the history row is written first and moved on after every step, so a failure leaves
 * a row that says exactly which steps are in effect and which one failed.
 */
export async function executeMigration(ctx: ExecutionContext, job: MigrationJob): Promise<{ durationMs: number }> {
  const segments = segmentsOf(job, ctx.transactionalDdl);
  const run = await startRun(ctx, job, segments.length === 1 && segments[0]!.transaction);
  let progress: RunProgress = { applied: job.stepsApplied, skip: job.statementsDone ?? 0, postcheck: job.resumeKilled };
  try {
    if (segments.length === 0) await recordSuccess(run, ctx.db); // every step ran; the process stopped before it said so
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      const from = progress;
      progress = await withRetry(ctx.retry, () => runSegment(run, segment, from, last));
    }
  } catch (error) {
    const failure = error instanceof SegmentFailure ? error : new SegmentFailure(error, progress);
    await recordFailure(run, failure);
    throw new MigrationFailedError(job.name, job.direction, failure.cause, failurePlace(job, failure.progress));
  }
  return { durationMs: performance.now() - run.t0 };
}

/**
 * Sets a run up. Where it is not one transaction, what "applied" means must hold at every moment, so a migration
 * being rolled back leaves the applied table now (one being applied joins it when its last step is done), and
 * the history row that says how far it got is written before the first step.
 */
async function startRun(ctx: ExecutionContext, job: MigrationJob, atomic: boolean): Promise<Run> {
  const base: RunBase = {
    name: job.name,
    direction: job.direction,
    version: job.version,
    checksum: job.checksum,
    stepsTotal: job.steps.length,
    toolVersion: ctx.toolVersion,
    startedAt: new Date().toISOString(),
  };
  const t0 = performance.now();
  if (atomic) return { ctx, job, base, t0, atomic };
  if (job.direction === 'down' && job.listedAsApplied) await recordRolledBack(ctx.db, ctx.tables.applied, job.name);
  const row = await insertRun(ctx.db, ctx.tables.history, {
    ...base,
    finishedAt: null,
    durationMs: null,
    outcome: 'running',
    stepsApplied: job.stepsApplied,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
  });
  return { ctx, job, base, t0, atomic, row };
}

/**
 * Runs one segment's steps, in a transaction where it is one, and the records that go with it: the integrity
 * check before it commits, the history row's progress, and (for the last segment) the applied table and the
 * run's success. Returns the progress after it; throws a SegmentFailure with the progress after the failure.
 */
async function runSegment(run: Run, segment: Segment, start: RunProgress, isLast: boolean): Promise<RunProgress> {
  const { ctx, job } = run;
  const delta = job.direction === 'up' ? 1 : -1;
  let last = start.last;
  const body = async (db: Kysely<any>): Promise<number> => {
    let applied = start.applied;
    let skip = start.skip;
    let postcheck = start.postcheck;
    for (const index of segment.steps) {
      const step = job.steps[index]!;
      // Outside a transaction, what the step does stays as it goes: the history row names it while it runs, and
      // counts its statements, so that a run killed meanwhile leaves the place where the database may stand.
      const tracked = !segment.transaction && run.row ? run.row : undefined;
      if (tracked) {
        await updateRun(db, ctx.tables.history, tracked.id, {
          failedStep: step.name,
          failedStepNumber: index + 1,
          failedStepStatements: skip,
        });
      }
      ctx.tracker?.begin({
        skip,
        postcheck: postcheck ? ctx.postcheck : undefined,
        onCompleted: tracked ? (direct, n) => updateRun(direct, ctx.tables.history, tracked.id, { failedStepStatements: n }) : undefined,
      });
      try {
        await (job.direction === 'up' ? step.up(db) : step.down!(db));
      } finally {
        last = { step, inTransaction: segment.transaction, statements: ctx.tracker?.end() ?? 0 };
      }
      skip = 0;
      postcheck = false;
      applied += delta;
      // Outside a transaction each step is final as soon as it is done: say so before the next one.
      if (tracked && !isLast) await updateRun(db, ctx.tables.history, tracked.id, { stepsApplied: applied, ...NO_STEP });
    }
    if (segment.transaction) await ctx.hooks.after?.(db);
    if (isLast) await recordSuccess(run, db);
    else if (segment.transaction && run.row) await updateRun(db, ctx.tables.history, run.row.id, { stepsApplied: applied });
    return applied;
  };
  try {
    const applied = segment.transaction ? await ctx.db.transaction().execute(body) : await body(ctx.db);
    return { applied, skip: 0, last };
  } catch (cause) {
    throw new SegmentFailure(cause, { applied: start.applied, skip: start.skip, postcheck: start.postcheck, last });
  }
}

/** The run succeeded: the applied table changes, and the history row says so (in one statement where it can). */
async function recordSuccess(run: Run, db: Kysely<any>): Promise<void> {
  const { ctx, job } = run;
  const finishedAt = new Date();
  const appliedChange =
    job.direction === 'up'
      ? appliedInsert(db, ctx.tables.applied, job.name, finishedAt)
      : run.atomic && job.listedAsApplied
        ? appliedDelete(db, ctx.tables.applied, job.name)
        : undefined;
  // In one transaction with a writable CTE, the applied-table change goes along with the history row.
  const along = run.atomic && ctx.writableCte ? appliedChange : undefined;
  if (appliedChange && !along) await appliedChange.execute();
  const done = { finishedAt: finishedAt.toISOString(), durationMs: Math.round(performance.now() - run.t0), outcome: 'success' as const };
  const stepsApplied = job.direction === 'up' ? job.steps.length : 0;
  if (run.row) {
    await updateRun(db, ctx.tables.history, run.row.id, { ...done, stepsApplied, ...NO_STEP });
    return;
  }
  const row = { ...run.base, ...done, stepsApplied, failedStep: null, failedStepNumber: null, failedStepStatements: null, error: null };
  // The last statement of the run's transaction (atomic): the driver may send it with the commit.
  await insertRun(db, ctx.tables.history, row, along, run.atomic);
}

/** The steps still to run, in order, cut into transactions where the database has transactional DDL. */
function segmentsOf(job: MigrationJob, transactionalDdl: boolean): Segment[] {
  const order =
    job.direction === 'up'
      ? job.steps.map((_, i) => i).slice(job.stepsApplied)
      : job.steps
          .map((_, i) => i)
          .slice(0, job.stepsApplied)
          .reverse();
  const segments: { transaction: boolean; steps: number[] }[] = [];
  for (const index of order) {
    const inTransaction = transactionalDdl && job.steps[index]!.transaction[job.direction];
    const open = segments[segments.length - 1];
    if (inTransaction && open?.transaction) open.steps.push(index);
    else segments.push({ transaction: inTransaction, steps: [index] });
  }
  return segments;
}

/**
 * The failed run, in the history: how many steps are in effect, which one failed, and (where DDL commits
 * statement by statement, MySQL) how many of its statements completed and stayed, so that a rerun goes on after
 * them. A step that runs outside a transaction on a database with transactional DDL (PostgreSQL's CREATE INDEX
 * CONCURRENTLY) is written to be run again whole, and is.
 */
async function recordFailure(run: Run, { cause, progress }: SegmentFailure): Promise<void> {
  const { ctx, job } = run;
  const last = progress.last;
  const kept = !last || last.inTransaction || ctx.transactionalDdl ? 0 : last.statements;
  const failed = {
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - run.t0),
    outcome: 'failed' as const,
    stepsApplied: progress.applied,
    failedStep: job.steps.length > 1 ? (last?.step.name ?? null) : null,
    failedStepNumber: last ? job.steps.indexOf(last.step) + 1 : null,
    failedStepStatements: last ? kept : null,
    error: redactSecrets(describeCause(cause)),
  };
  try {
    if (run.row) await updateRun(ctx.db, ctx.tables.history, run.row.id, failed);
    else await insertRun(ctx.db, ctx.tables.history, { ...run.base, ...failed });
  } catch {
    // The failure itself is what the user must see; a history that cannot be written must not hide it.
  }
}

/**
 * `at step 2 of 3 (add column users.email); 1 of 3 steps are in effect (…)`, for the error message: where it
 * stopped, and what to do when the database could not roll the completed steps back.
 */
function failurePlace(job: MigrationJob, progress: RunProgress): string | undefined {
  const step = progress.last?.step;
  if (job.steps.length <= 1 || !step) return undefined;
  const total = job.steps.length;
  const applied = progress.applied;
  const partial = applied > 0 && applied < total;
  const advice = partial
    ? `; ${applied} of ${total} steps are in effect: fix the cause, then run gati migrate:up to finish it or gati migrate:down to roll them back`
    : '';
  return `at step ${job.steps.indexOf(step) + 1} of ${total} (${step.name})${advice}`;
}

/** Runs `work`, again after a backoff while its failure is one the policy retries (a lock that timed out). */
async function withRetry<T>(retry: RetryPolicy | undefined, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const cause = error instanceof SegmentFailure ? error.cause : error;
      if (!retry || attempt > retry.retries || !retry.isRetryable(cause)) throw error;
      const delay = Math.min(8_000, (retry.baseDelayMs ?? 250) * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      retry.onRetry?.(attempt, delay, cause);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
