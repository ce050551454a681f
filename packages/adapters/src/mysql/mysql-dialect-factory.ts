import type { ConnectionOptions as Mysql2ConnectionOptions, Pool, PoolConnection, PoolOptions } from 'mysql2';
import { MysqlDialect, type Dialect, type MysqlPool, type MysqlPoolConnection } from 'kysely';
import { ConnectionError, describeCause, redactSecrets, type ConnectionOptions } from '@gati-framework/migrations';
import { describeResolvedMysqlTarget, resolveMysqlTarget, type MysqlTarget } from './mysql-connection-target';

/** Connections in the pool Kysely runs migrations on: the runner uses one at a time, introspection one more. */
export const MYSQL_POOL_SIZE = 4;

/** How long opening a connection may take before it fails (mysql2's default, stated). */
export const MYSQL_CONNECT_TIMEOUT_MS = 10_000;

/**
 * A Kysely `MysqlDialect` on a mysql2 pool for `{ url }` or `{ host, port, user, password, database }` (see
 * `resolveMysqlTarget`).
 *
 * Nothing connects here: the pool is created when Kysely runs its first query, and a connection that cannot be
 * opened (server down, unknown host, wrong password, unknown database) fails there with a
 * {@link ConnectionError} naming user, host, port and database, never the password. A malformed URL throws a
 * `ConfigError` right away.
 *
 * The pool holds at most {@link MYSQL_POOL_SIZE} connections and reads values the way the adapter's `tsType`
 * describes: DATETIME as `Date` in UTC (`timezone: 'Z'`), DECIMAL as a string, BIGINT as a number unless it
 * does not fit one exactly (then a string).
 *
 * @example
 * ```ts
 * import { Kysely } from 'kysely';
 * import { createMysqlDialect } from '@gati-framework/migrations-adapters/mysql';
 *
 * const db = new Kysely<any>({ dialect: createMysqlDialect({ url: 'mysql://app:secret@localhost:3306/shop' }) });
 * ```
 */
export function createMysqlDialect(connection: ConnectionOptions = {}): Dialect {
  const target = resolveMysqlTarget(connection);
  return new MysqlDialect({ pool: () => createMysqlPool(target) });
}

/**
 * The mysql2 pool behind {@link createMysqlDialect}, as Kysely's `MysqlPool`: a connection that cannot be
 * opened fails with a {@link ConnectionError} instead of the driver's error.
 */
export async function createMysqlPool(target: MysqlTarget): Promise<MysqlPool> {
  const mysql = await loadMysql2(target);
  const options: PoolOptions = { ...mysqlDriverOptions(target), connectionLimit: MYSQL_POOL_SIZE };
  const pool: Pool = mysql.createPool(options);
  return {
    getConnection(callback: (error: unknown, connection: MysqlPoolConnection) => void): void {
      pool.getConnection((error: NodeJS.ErrnoException | null, connection: PoolConnection) => {
        callback(error ? mysqlConnectionError(target, error) : null, connection as unknown as MysqlPoolConnection);
      });
    },
    end(callback: (error: unknown) => void): void {
      pool.end(callback);
    },
  };
}

/** The mysql2 options every connection of this adapter uses (pool and lock connection alike). */
export function mysqlDriverOptions(target: MysqlTarget): Mysql2ConnectionOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    ...(target.password !== undefined ? { password: target.password } : {}),
    database: target.database,
    connectTimeout: MYSQL_CONNECT_TIMEOUT_MS,
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    timezone: 'Z',
  };
}

/** Loads mysql2 on first connection, so that importing the adapter does not load the driver. */
export async function loadMysql2(target: MysqlTarget): Promise<typeof import('mysql2')> {
  try {
    return await import('mysql2');
  } catch (cause) {
    throw new ConnectionError(
      `Cannot connect to ${describeResolvedMysqlTarget(target)}: the mysql2 driver could not be loaded ` +
        `(${describeCause(cause)}). Install it with \`npm install mysql2\`.`,
      { cause },
    );
  }
}

/**
 * The driver's failure to open a connection as a {@link ConnectionError}: `Cannot connect to mysql
 * app@db:3306/shop: the database "shop" does not exist.` The password never appears, even if the driver's
 * own message were to repeat it.
 */
export function mysqlConnectionError(target: MysqlTarget, cause: unknown): ConnectionError {
  if (cause instanceof ConnectionError) return cause;
  return new ConnectionError(`Cannot connect to ${describeResolvedMysqlTarget(target)}: ${reason(target, cause)}.`, {
    cause,
  });
}

function reason(target: MysqlTarget, cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (is the server running and listening on port ${target.port}?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host "${target.host}" cannot be resolved`;
    case 'ETIMEDOUT':
      return `no answer within ${MYSQL_CONNECT_TIMEOUT_MS / 1000} s (check the host, the port and any firewall)`;
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return 'the server closed the connection (is it a MySQL or MariaDB server on that port?)';
    case 'ER_ACCESS_DENIED_ERROR':
      return `access denied for user "${target.user}" (check the user name and password)`;
    case 'ER_BAD_DB_ERROR':
      return `the database "${target.database}" does not exist (create it with CREATE DATABASE)`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `user "${target.user}" has no access to the database "${target.database}" (or it does not exist)`;
    default:
      return scrub(describeCause(cause), target.password);
  }
}

function scrub(message: string, password: string | undefined): string {
  const redacted = redactSecrets(message);
  return password ? redacted.split(password).join('***') : redacted;
}
