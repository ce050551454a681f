import { Kysely, sql } from 'kysely';
import type { SqlConfig } from '../config/resolved-config';
import { ConnectionError, GatiError, LockTimeoutError, describeCause, redactSecrets } from '../errors';
import { runnerTables } from '../runner/runner-tables';
import { StatementTracker, trackStatements } from '../runner/statement-tracker';
import { acquireTableLock } from '../runner/table-lock';

const trackers = new WeakMap<Kysely<any>, StatementTracker>();

/** The statement tracker of a database opened by {@link openDatabase} (see StatementTracker). */
export function statementTrackerOf(db: Kysely<any>): StatementTracker | undefined {
  return trackers.get(db);
}

/**
 * Opens the configured database and checks that it answers, so that a wrong URL fails here with a message
 * naming the target (never its password) rather than half-way through a migration.
 */
export async function openDatabase(config: SqlConfig): Promise<Kysely<any>> {
  const target = config.adapter.describeTarget(config.connection);
  let db: Kysely<any>;
  try {
    const tracker = new StatementTracker();
    db = new Kysely<any>({ dialect: trackStatements(config.adapter.createDialect(config.connection), tracker) });
    trackers.set(db, tracker);
  } catch (cause) {
    if (cause instanceof GatiError) throw cause;
    throw new ConnectionError(`Cannot connect to ${target}: ${redactSecrets(describeCause(cause))}`, { cause });
  }
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy().catch(() => undefined);
    if (cause instanceof GatiError) throw cause;
    throw new ConnectionError(`Cannot connect to ${target}: ${redactSecrets(describeCause(cause))}`, { cause });
  }
  return db;
}

/** Runs `work` with an open database and always closes it. */
export async function withDatabase<T>(config: SqlConfig, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Like `withDatabase`, for reads that must not create anything: when the adapter says the database does not
 * exist yet, `fallback` is the answer and no connection is opened.
 */
export async function withExistingDatabase<T>(config: SqlConfig, fallback: T, work: (db: Kysely<any>) => Promise<T>): Promise<T> {
  if (config.adapter.exists && !config.adapter.exists(config.connection)) return fallback;
  return withDatabase(config, work);
}

/** How long `up` and `down` wait for another deployer's migration lock before giving up. */
export const LOCK_TIMEOUT_MS = 60_000;

/**
 * Runs `work` while holding the migration lock, so that concurrent deployers apply each migration exactly once:
 * the second waits, then finds nothing left to do. The adapter's own lock where it has one (an advisory lock,
 * GET_LOCK, a file lock), else a row of `<tableName>_lock` on `db`.
 */
export async function withMigrationLock<T>(config: SqlConfig, db: Kysely<any>, work: () => Promise<T>): Promise<T> {
  const lock = config.adapter.acquireLock
    ? await config.adapter.acquireLock(config.connection, { key: `gati:${config.tableName}`, timeoutMs: LOCK_TIMEOUT_MS })
    : await acquireTableLock(db, runnerTables(config.tableName).lock, LOCK_TIMEOUT_MS);
  try {
    return await work();
  } finally {
    await lock?.release();
  }
}

/**
 * Whether a deployer holds the migration lock now: taken and released at once when it is free. What tells a run
 * still `running` in the history from one whose process died (nothing holds the lock then).
 */
export async function migrationLockHeld(config: SqlConfig, db: Kysely<any>): Promise<boolean> {
  try {
    const lock = config.adapter.acquireLock
      ? await config.adapter.acquireLock(config.connection, { key: `gati:${config.tableName}`, timeoutMs: 0 })
      : await acquireTableLock(db, runnerTables(config.tableName).lock, 0);
    await lock?.release();
    return false;
  } catch (error) {
    if (error instanceof LockTimeoutError) return true;
    throw error;
  }
}
