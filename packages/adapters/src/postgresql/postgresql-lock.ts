import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { LockTimeoutError, type ConnectionOptions, type LockOptions, type MigrationLock } from '@gati-framework/migrations';
import { describeResolvedTarget, resolvePostgresqlTarget, type PostgresqlTarget } from './postgresql-connection-target';
import { connectPostgresqlClient } from './postgresql-dialect-factory';

/** The shortest wait between two attempts at the lock; each wait adds up to as much again of random jitter. */
export const POSTGRESQL_LOCK_POLL_MS = 100;

interface LockHolderRow {
  readonly pid: number;
  readonly application_name: string | null;
  readonly client_addr: string | null;
  readonly backend_start: Date | null;
}

/**
 * The advisory-lock key for a lock name: the first 8 bytes of its SHA-256 as a signed int8, in decimal. Stable
 * across processes, machines and PostgreSQL versions (unlike `hashtext`), so every deployer agrees on it.
 *
 * @example
 * ```ts
 * postgresqlLockKey('gati_migrations'); // '-4713…' (always the same)
 * ```
 */
export function postgresqlLockKey(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest().readBigInt64BE(0).toString();
}

/**
 * Takes the migration lock: a session-level advisory lock on a connection of its own (a node-postgres `Client`,
 * not the pool the migrations run on), tried with `pg_try_advisory_lock` every 100-200 ms until it is free or
 * `timeoutMs` has passed. It never waits inside `pg_advisory_lock`, which would block the session in the server
 * and can deadlock with `CREATE INDEX CONCURRENTLY` (that waits for every transaction in the database to end).
 *
 * Times out with a `LockTimeoutError` (`LOCK_TIMEOUT`) that names the target and, when the server tells, the session
 * holding the lock. `release()` unlocks and closes the connection; it is idempotent, and never throws (should the
 * connection be gone already, the server released the lock with the session).
 *
 * The lock belongs to the database session: behind a transaction-pooling PgBouncer, point the connection at the
 * server itself (or a session-pooling port).
 *
 * @example
 * ```ts
 * const lock = await acquirePostgresqlLock({ url }, { key: 'gati_migrations_lock', timeoutMs: 30_000 });
 * try {
 *   // … run migrations …
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export async function acquirePostgresqlLock(connection: ConnectionOptions, options: LockOptions): Promise<MigrationLock> {
  const target = resolvePostgresqlTarget(connection);
  const key = postgresqlLockKey(options.key);
  const deadline = Date.now() + Math.max(0, options.timeoutMs);
  const client = await connectPostgresqlClient(target);
  try {
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int8) AS locked', [key]);
      if (rows[0]?.locked === true) return heldLock(client, key);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw await lockTimeoutError(client, target, key, options);
      await sleep(Math.min(remaining, POSTGRESQL_LOCK_POLL_MS * (1 + Math.random())));
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

function heldLock(client: Client, key: string): MigrationLock {
  let released: Promise<void> | undefined;
  return Object.freeze({
    release(): Promise<void> {
      released ??= (async () => {
        try {
          await client.query('SELECT pg_advisory_unlock($1::int8)', [key]);
        } catch {
          // The connection is gone, and the lock went with its session.
        } finally {
          await client.end().catch(() => undefined);
        }
      })();
      return released;
    },
  });
}

async function lockTimeoutError(client: Client, target: PostgresqlTarget, key: string, options: LockOptions): Promise<LockTimeoutError> {
  const holder = await findHolder(client, key);
  const session = holder
    ? ` (PostgreSQL session ${holder.pid}` +
      (holder.application_name ? `, application "${holder.application_name}"` : '') +
      (holder.client_addr ? ` from ${holder.client_addr}` : '') +
      (holder.backend_start ? `, connected since ${holder.backend_start.toISOString()}` : '') +
      ')'
    : '';
  const remedy = holder
    ? `Wait for it to finish and try again; if that deployer died, end its session with SELECT pg_terminate_backend(${holder.pid}).`
    : 'Wait for it to finish and try again.';
  return new LockTimeoutError(
    `Timed out after ${options.timeoutMs} ms waiting for the migration lock "${options.key}" on ` +
      `${describeResolvedTarget(target)}: another deployer holds the migration lock${session}. ${remedy}`,
  );
}

/** Who holds the advisory lock, from pg_locks (an int8 key is stored as classid = high, objid = low 32 bits). */
async function findHolder(client: Client, key: string): Promise<LockHolderRow | undefined> {
  const unsigned = BigInt.asUintN(64, BigInt(key));
  try {
    const { rows } = await client.query<LockHolderRow>(
      `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start
       FROM pg_catalog.pg_locks l
       LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
         AND l.classid = $1::int8::oid AND l.objid = $2::int8::oid
       LIMIT 1`,
      [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
    );
    return rows[0];
  } catch {
    return undefined; // only a detail of the message
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
