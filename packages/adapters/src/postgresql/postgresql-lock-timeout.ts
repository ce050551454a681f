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

export function isPostgresqlLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === LOCK_NOT_AVAILABLE;
}
