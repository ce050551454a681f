import { type Kysely, sql } from 'kysely';

/** SQLSTATE 55P03 lock_not_available: what a statement raises when `lock_timeout` expires. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * `SET LOCAL lock_timeout` at the start of each migration's transaction: an ALTER TABLE that would queue behind
 * a long transaction (and make every later query on that table queue behind it) fails fast instead, and the
 * runner retries the migration with backoff. Before a step that runs outside a transaction (CREATE INDEX
 * CONCURRENTLY), the session's `lock_timeout`, which the transactions after it override with their own.
 */
export async function setPostgresqlLockTimeout(
  db: Kysely<any>,
  options: { readonly lockTimeoutMs: number; readonly inTransaction?: boolean },
): Promise<void> {
  const ms = sql.lit(`${Math.max(1, Math.floor(options.lockTimeoutMs))}ms`);
  await (options.inTransaction === false ? sql`SET lock_timeout = ${ms}` : sql`SET LOCAL lock_timeout = ${ms}`).execute(db);
}

export function isPostgresqlLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === LOCK_NOT_AVAILABLE;
}
