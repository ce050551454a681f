import { type Kysely, sql } from 'kysely';

/** SQLSTATE 55P03 lock_not_available: what a statement raises when `lock_timeout` expires. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * `SET lock_timeout` on the connection a run of `up` or `down` holds, once before its first migration: an ALTER
 * TABLE that would queue behind a long transaction (and make every later query on that table queue behind it)
 * fails fast instead, and the runner retries the migration with backoff. It holds for every transaction of the
 * run and for the steps that run outside one (CREATE INDEX CONCURRENTLY); the pool ends with the run.
 */
export async function setPostgresqlLockTimeout(db: Kysely<any>, options: { readonly lockTimeoutMs: number }): Promise<void> {
  const ms = sql.lit(`${Math.max(1, Math.floor(options.lockTimeoutMs))}ms`);
  await sql`SET lock_timeout = ${ms}`.execute(db);
}

/** SQLSTATE 40P01 deadlock_detected: what DROP INDEX CONCURRENTLY raises while a killed run's build still goes on. */
const DEADLOCK_DETECTED = '40P01';

/**
 * A lock not granted in time, or a deadlock the server broke by failing this statement: either way the
 * statement changed nothing, and the migration is retried with backoff. The deadlock is what a run meets after
 * an earlier one was killed during `CREATE INDEX CONCURRENTLY`: the server goes on building that index until it
 * is done, and dropping it meanwhile deadlocks.
 */
export function isPostgresqlLockTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === LOCK_NOT_AVAILABLE || code === DEADLOCK_DETECTED;
}
