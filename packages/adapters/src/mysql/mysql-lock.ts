import { createHash } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import {
  GatiError,
  LockFailedError,
  LockTimeoutError,
  describeCause,
  type ConnectionOptions,
  type LockOptions,
  type MigrationLock,
} from '@gati-framework/migrations';
import { describeResolvedMysqlTarget, resolveMysqlTarget, type MysqlTarget } from './mysql-connection-target';
import { loadMysql2, mysqlConnectionError, mysqlDriverOptions } from './mysql-dialect-factory';

/** The longest name `GET_LOCK` accepts (MySQL 5.7+ rejects longer ones). */
export const MYSQL_LOCK_NAME_MAX_LENGTH = 64;

/** How long the lock connection may idle before the server ends it: a week. */
const LOCK_CONNECTION_IDLE_S = 7 * 24 * 3600;

/** How often a waiting deployer asks again, in milliseconds: this plus up to as much again of random jitter. */
export const MYSQL_LOCK_POLL_MS = 100;

/**
 * The `GET_LOCK` name for a lock key in a database: `<database>.<key>`. MySQL's named locks are server-wide,
 * so the database is part of the name, and two projects (or two test databases) on one server with the same
 * history table do not block each other. A name longer than 64 characters keeps its first 47 characters and
 * ends with `_` and 16 hex digits of its SHA-256.
 *
 * @example
 * ```ts
 * mysqlLockName('gati_migrations_lock', 'shop'); // 'shop.gati_migrations_lock'
 * ```
 */
export function mysqlLockName(key: string, database?: string): string {
  const name = database ? `${database}.${key}` : key;
  if (name.length <= MYSQL_LOCK_NAME_MAX_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${name.slice(0, MYSQL_LOCK_NAME_MAX_LENGTH - hash.length - 1)}_${hash}`;
}

/**
 * Takes the migration lock with MySQL's named locks, on a mysql2 connection of its own (not one of the pool's
 * migrations run on): `SELECT GET_LOCK(name, 0)` every 100–200 ms until it returns 1, or until `timeoutMs` has
 * passed, which fails with a `LockTimeoutError` (`LOCK_TIMEOUT`) naming the target and the connection that holds the
 * lock. The server frees the lock by itself if the holder's connection ends, so a crashed deployer never
 * leaves it behind.
 *
 * `release()` runs `SELECT RELEASE_LOCK(name)` and closes the connection; calling it again does nothing.
 * Failing to open the connection throws a `ConnectionError` without the password.
 *
 * @example
 * ```ts
 * const lock = await acquireMysqlLock({ url }, { key: 'gati_migrations_lock', timeoutMs: 30_000 });
 * try {
 *   // apply migrations
 * } finally {
 *   await lock.release();
 * }
 * ```
 */
export async function acquireMysqlLock(connection: ConnectionOptions, options: LockOptions): Promise<MigrationLock> {
  const target = resolveMysqlTarget(connection);
  const name = mysqlLockName(options.key, target.database);
  const conn = await openLockConnection(target);
  try {
    const deadline = Date.now() + Math.max(0, options.timeoutMs);
    for (;;) {
      const [rows] = await conn.query<any[]>('SELECT GET_LOCK(?, 0) AS acquired', [name]);
      const acquired = rows[0]?.acquired;
      if (acquired !== null && acquired !== undefined && Number(acquired) === 1) return heldLock(conn, name);
      if (acquired === null || acquired === undefined) {
        throw new LockFailedError(
          `Cannot take the migration lock "${name}" on ${describeResolvedMysqlTarget(target)}: GET_LOCK returned NULL (a server error, or the connection was killed).`,
        );
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw await lockTimeout(conn, target, name, options.timeoutMs);
      await sleep(Math.min(remaining, MYSQL_LOCK_POLL_MS + Math.random() * MYSQL_LOCK_POLL_MS));
    }
  } catch (error) {
    await close(conn);
    if (error instanceof GatiError) throw error;
    throw new LockFailedError(
      `Cannot take the migration lock "${name}" on ${describeResolvedMysqlTarget(target)}: ${describeCause(error)}`,
      { cause: error },
    );
  }
}

async function openLockConnection(target: MysqlTarget): Promise<Connection> {
  await loadMysql2(target);
  const mysql = await import('mysql2/promise');
  let conn: Connection;
  try {
    conn = await mysql.createConnection(mysqlDriverOptions(target));
  } catch (cause) {
    throw mysqlConnectionError(target, cause);
  }
  // A connection the server drops while the lock is held emits 'error'; without a listener that would crash the
  // process. The lock is gone with the connection either way, and release() copes with a closed connection.
  conn.on('error', () => {});
  try {
    // The connection idles while migrations run; the server's default wait_timeout (8 h) would end it, and
    // with it the lock, under a very long migration.
    await conn.query(`SET SESSION wait_timeout = ${LOCK_CONNECTION_IDLE_S}`);
  } catch (cause) {
    await close(conn);
    throw mysqlConnectionError(target, cause);
  }
  return conn;
}

function heldLock(conn: Connection, name: string): MigrationLock {
  let released: Promise<void> | undefined;
  return Object.freeze({
    release(): Promise<void> {
      released ??= (async () => {
        try {
          await conn.query('SELECT RELEASE_LOCK(?)', [name]);
        } catch {
          // The connection is gone, and the server released the lock with it.
        }
        await close(conn);
      })();
      return released;
    },
  });
}

async function lockTimeout(conn: Connection, target: MysqlTarget, name: string, timeoutMs: number): Promise<LockTimeoutError> {
  let holder = '';
  try {
    const [rows] = await conn.query<any[]>('SELECT IS_USED_LOCK(?) AS holder', [name]);
    const id = rows[0]?.holder;
    if (id !== null && id !== undefined) holder = ` (MySQL connection ${id}; if no deploy is running, end it with KILL ${id})`;
  } catch {
    // The holder's id is a courtesy; the timeout is the error.
  }
  return new LockTimeoutError(
    `Timed out after ${formatDuration(timeoutMs)} waiting for the migration lock on ${describeResolvedMysqlTarget(target)}: ` +
      `another deployer holds the migration lock "${name}"${holder}. Wait for it to finish and try again.`,
  );
}

async function close(conn: Connection): Promise<void> {
  try {
    await conn.end();
  } catch {
    conn.destroy();
  }
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
