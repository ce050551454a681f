import type { Kysely } from 'kysely';
import { MigrationFailedError, describeCause, redactSecrets } from '../errors';
import { appliedDelete, appliedInsert, recordRolledBack } from './applied-table';
import type { RunnableStep } from './migration-steps';
import { type HistoryRow, insertRun, updateRun } from './run-history';
import type { RunnerTables } from './runner-tables';
import type { StatementTracker } from './statement-tracker';

/** What runs around each transaction (or, outside one, around each step), and once per run. */
export interface MigrationHooks {
  /** Adapter.prepareSession, once on the run's connection: PostgreSQL sets its lock_timeout here. */
  readonly session?: (db: Kysely<any>) => Promise<void>;
  /** Adapter.beforeMigration, at the start of each transaction and before each step outside one. */
  readonly before?: (db: Kysely<any>, inTransaction: boolean) => Promise<void>;
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
}

/** One migration to run in one direction, from the state the database is in. */
export interface MigrationJob {
  readonly name: string;
  readonly version: string;
  readonly checksum: string;
  readonly steps: readonly RunnableStep[];
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
}

/** What every history row of a run says, however it ends. */
type RunBase = Pick<HistoryRow, 'name' | 'direction' | 'version' | 'checksum' | 'stepsTotal' | 'toolVersion' | 'startedAt'>;

/** A stretch of consecutive steps that run together: in one transaction, or (`transaction: false`) one step alone. */
interface Segment {
  readonly transaction: boolean;
  /** Step indexes, in the order they run. */
  readonly steps: readonly number[];
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
  const started = new Date();
  const t0 = performance.now();
  const atomic = segments.length === 1 && segments[0]!.transaction;
  const total = job.steps.length;
  const target = job.direction === 'up' ? total : 0;
  const base: RunBase = {
    name: job.name,
    direction: job.direction,
    version: job.version,
    checksum: job.checksum,
    stepsTotal: total,
    toolVersion: ctx.toolVersion,
    startedAt: started.toISOString(),
  };
  let applied = job.stepsApplied;
  let current: RunnableStep | undefined;
  let skip = job.statementsDone ?? 0;
  let statements = 0;
  let currentInTransaction = false;

  let row: HistoryRow | undefined;
  if (!atomic) {
    // Not one transaction: what "applied" means must hold at every moment, so a migration being rolled back
    // leaves the applied table now, and one being applied joins it when its last step is done.
    if (job.direction === 'down' && job.listedAsApplied) await recordRolledBack(ctx.db, ctx.tables.applied, job.name);
    row = await insertRun(ctx.db, ctx.tables.history, {
      ...base,
      finishedAt: null,
      durationMs: null,
      outcome: 'running',
      stepsApplied: applied,
      failedStep: null,
      failedStepNumber: null,
      failedStepStatements: null,
      error: null,
    });
  }

  const finish = async (db: Kysely<any>): Promise<void> => {
    const finishedAt = new Date();
    const appliedChange =
      job.direction === 'up'
        ? appliedInsert(db, ctx.tables.applied, job.name, finishedAt)
        : atomic && job.listedAsApplied
          ? appliedDelete(db, ctx.tables.applied, job.name)
          : undefined;
    // In one transaction with a writable CTE, the applied-table change goes along with the history row.
    const along = atomic && ctx.writableCte ? appliedChange : undefined;
    if (appliedChange && !along) await appliedChange.execute();
    const done = { finishedAt: finishedAt.toISOString(), durationMs: Math.round(performance.now() - t0), outcome: 'success' as const };
    if (row) await updateRun(db, ctx.tables.history, row.id, { ...done, stepsApplied: target });
    else {
      const run = { ...base, ...done, stepsApplied: target, failedStep: null, failedStepNumber: null, failedStepStatements: null, error: null };
      await insertRun(db, ctx.tables.history, run, along);
    }
  };

  try {
    if (segments.length === 0) await finish(ctx.db); // every step ran; the process stopped before it said so
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      await withRetry(ctx.retry, async () => {
        const run = async (db: Kysely<any>) => {
          await ctx.hooks.before?.(db, segment.transaction);
          let done = applied;
          for (const index of segment.steps) {
            current = job.steps[index]!;
            currentInTransaction = segment.transaction;
            ctx.tracker?.begin(skip);
            try {
              await (job.direction === 'up' ? current.up(db) : current.down!(db));
            } finally {
              statements = ctx.tracker?.end() ?? 0;
            }
            skip = 0;
            done += job.direction === 'up' ? 1 : -1;
            // Outside a transaction each step is final as soon as it is done: say so before the next one.
            if (!segment.transaction && row && !last) await updateRun(db, ctx.tables.history, row.id, { stepsApplied: done });
          }
          if (segment.transaction) await ctx.hooks.after?.(db);
          if (last) await finish(db);
          else if (segment.transaction && row) await updateRun(db, ctx.tables.history, row.id, { stepsApplied: done });
          return done;
        };
        applied = segment.transaction ? await ctx.db.transaction().execute(run) : await run(ctx.db);
      });
    }
  } catch (error) {
    // Where DDL commits statement by statement (MySQL), the failed step's completed statements stayed: a rerun
    // goes on after them. A step that runs outside a transaction on a database with transactional DDL
    // (PostgreSQL's CREATE INDEX CONCURRENTLY) is written to be run again whole, and is.
    const kept = currentInTransaction || ctx.transactionalDdl ? 0 : statements;
    await recordFailure(ctx, job, { base, row, applied, step: current, statements: kept, error, t0 });
    throw new MigrationFailedError(job.name, job.direction, error, failurePlace(job, current, applied));
  }
  return { durationMs: performance.now() - t0 };
}

/** The steps still to run, in order, cut into transactions where the database has transactional DDL. */
function segmentsOf(job: MigrationJob, transactionalDdl: boolean): Segment[] {
  const order =
    job.direction === 'up'
      ? job.steps.map((_, i) => i).slice(job.stepsApplied)
      : job.steps.map((_, i) => i).slice(0, job.stepsApplied).reverse();
  const segments: { transaction: boolean; steps: number[] }[] = [];
  for (const index of order) {
    const inTransaction = transactionalDdl && job.steps[index]!.transaction[job.direction];
    const open = segments[segments.length - 1];
    if (inTransaction && open?.transaction) open.steps.push(index);
    else segments.push({ transaction: inTransaction, steps: [index] });
  }
  return segments;
}

async function recordFailure(
  ctx: ExecutionContext,
  job: MigrationJob,
  state: {
    base: RunBase;
    row?: HistoryRow;
    applied: number;
    step?: RunnableStep;
    statements: number;
    error: unknown;
    t0: number;
  },
): Promise<void> {
  const failed = {
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - state.t0),
    outcome: 'failed' as const,
    stepsApplied: state.applied,
    failedStep: job.steps.length > 1 ? (state.step?.name ?? null) : null,
    failedStepNumber: state.step ? job.steps.indexOf(state.step) + 1 : null,
    failedStepStatements: state.step ? state.statements : null,
    error: redactSecrets(describeCause(state.error)),
  };
  try {
    if (state.row) await updateRun(ctx.db, ctx.tables.history, state.row.id, failed);
    else await insertRun(ctx.db, ctx.tables.history, { ...state.base, ...failed });
  } catch {
    // The failure itself is what the user must see; a history that cannot be written must not hide it.
  }
}

/**
 * `at step 2 of 3 (add column users.email); 1 of 3 steps are in effect (…)`, for the error message: where it
 * stopped, and what to do when the database could not roll the completed steps back.
 */
function failurePlace(job: MigrationJob, step: RunnableStep | undefined, applied: number): string | undefined {
  if (job.steps.length <= 1 || !step) return undefined;
  const total = job.steps.length;
  const partial = applied > 0 && applied < total;
  const advice = partial
    ? `; ${applied} of ${total} steps are in effect: fix the cause, then run gati migrate:up to finish it or gati migrate:down to roll them back`
    : '';
  return `at step ${job.steps.indexOf(step) + 1} of ${total} (${step.name})${advice}`;
}

/** Runs `work`, again after a backoff while the error is one the policy retries (a lock that timed out). */
async function withRetry<T>(retry: RetryPolicy | undefined, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!retry || attempt > retry.retries || !retry.isRetryable(error)) throw error;
      const delay = Math.min(8_000, (retry.baseDelayMs ?? 250) * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      retry.onRetry?.(attempt, delay, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
