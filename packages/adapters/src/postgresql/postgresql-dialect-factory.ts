import type { Client, ClientConfig, Pool } from 'pg';
import type { Dialect, PostgresPool } from 'kysely';
import { ConnectionError, describeCause, type ConnectionOptions } from '@gati-framework/migrations';
import {
  describeResolvedTarget,
  redactPostgresqlMessage,
  resolvePostgresqlTarget,
  type PostgresqlTarget,
} from './postgresql-connection-target';
import { PipelinedPostgresDialect } from './postgresql-pipelined-driver';

/** Connections in the pool: migrations run one at a time, introspection reads a few catalogs at once. */
export const POSTGRESQL_POOL_SIZE = 4;

/** How long a connection attempt may take before it fails (node-postgres waits forever by default). */
export const POSTGRESQL_CONNECT_TIMEOUT_MS = 10_000;

/** `application_name` in `pg_stat_activity`, unless the connection sets its own. */
export const POSTGRESQL_APPLICATION_NAME = 'gati-migrations';

/**
 * A Kysely `PostgresDialect` on node-postgres for `{ url }` or `{ host, port, user, password, database }` (see
 * `resolvePostgresqlTarget`).
 *
 * Nothing connects here: the pool (at most {@link POSTGRESQL_POOL_SIZE} connections) is created when Kysely runs
 * its first query, and a connection that fails surfaces there as a {@link ConnectionError} naming user, host,
 * port and database, with the driver's reason and never the password. A malformed URL throws a `ConfigError`
 * right away. Connecting never creates the database.
 *
 * @example
 * ```ts
 * import { Kysely } from 'kysely';
 * import { createPostgresqlDialect } from '@gati-framework/migrations-adapters/postgresql';
 *
 * const db = new Kysely<any>({ dialect: createPostgresqlDialect({ url: process.env.DATABASE_URL }) });
 * ```
 */
export function createPostgresqlDialect(connection: ConnectionOptions = {}): Dialect {
  const target = resolvePostgresqlTarget(connection);
  return new PipelinedPostgresDialect({ pool: () => createPostgresqlPool(target) });
}

/**
 * A node-postgres pool for `target` of at most `size` connections, as Kysely uses it, whose connection failures are
 * {@link ConnectionError}s.
 */
export async function createPostgresqlPool(target: PostgresqlTarget, size: number = POSTGRESQL_POOL_SIZE): Promise<PostgresPool> {
  const { Pool } = await loadDriver(target);
  // Pipeline mode (node-postgres 8.23 has it; versions without it ignore the option): statements handed to a client together are written at
  // once, not one per round trip. Kysely hands over one at a time, except the groups of PipelinedPostgresDialect.
  const pool: Pool = new Pool({ ...clientConfigFor(target), max: size, allowExitOnIdle: true, ...{ pipeline: true } });
  // An idle connection that the server closes (restart, idle timeout, pg_terminate_backend) is reported here;
  // without a listener it would crash the process. The pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  return {
    async connect() {
      try {
        return await pool.connect();
      } catch (cause) {
        throw postgresqlConnectionError(target, cause);
      }
    },
    end: () => pool.end(),
  };
}

/**
 * A connected node-postgres `Client` of its own (not from a pool), for the migration lock. Throws a
 * {@link ConnectionError} like the dialect does.
 */
export async function connectPostgresqlClient(target: PostgresqlTarget): Promise<Client> {
  const { Client } = await loadDriver(target);
  const client = new Client(clientConfigFor(target));
  // Reported when the server drops the connection while it sits idle; the next query fails with the reason.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (cause) {
    await client.end().catch(() => undefined);
    throw postgresqlConnectionError(target, cause);
  }
}

/**
 * `Cannot connect to postgresql app@db:5432/shop: <reason>.` for a failed connection attempt: the target with
 * user, host, port and database, a hint for the common failures, and the driver's message with any password
 * taken out.
 *
 * @example
 * ```ts
 * postgresqlConnectionError(target, error).message;
 * // 'Cannot connect to postgresql app@127.0.0.1:1/shop: the server refused the connection; is PostgreSQL
 * //  running and listening on 127.0.0.1:1? (connect ECONNREFUSED 127.0.0.1:1)'
 * ```
 */
export function postgresqlConnectionError(target: PostgresqlTarget, cause: unknown): ConnectionError {
  const detail = redactPostgresqlMessage(describeCause(cause), target);
  const hint = connectionHint(target, cause);
  const code = (cause as { code?: unknown } | undefined)?.code;
  // The server's own message for a missing database says no more than the hint.
  const reason = hint === undefined ? detail : detail === '' || code === '3D000' ? hint : `${hint} (${detail})`;
  return new ConnectionError(`Cannot connect to ${describeResolvedTarget(target)}: ${reason}`, { cause });
}

function connectionHint(target: PostgresqlTarget, cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = describeCause(cause);
  switch (code) {
    case 'ECONNREFUSED':
      return `the server refused the connection; is PostgreSQL running and listening on ${target.host}:${target.port}?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host "${target.host}" cannot be resolved; check the host name`;
    case 'ENOENT':
      return `there is no PostgreSQL socket in ${target.host}; is the server running?`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${target.host}:${target.port} cannot be reached; check the host, the port and any firewall`;
    case '3D000': // invalid_catalog_name
      return `the database "${target.database}" does not exist; create it first (gati-migrations never creates a PostgreSQL database)`;
    case '28P01': // invalid_password
    case '28000': // invalid_authorization_specification
      return 'the server rejected the credentials; check the user name and password';
    default:
      if (/timeout/i.test(message)) {
        return `no answer from ${target.host}:${target.port} within ${POSTGRESQL_CONNECT_TIMEOUT_MS / 1000} s`;
      }
      return undefined;
  }
}

function clientConfigFor(target: PostgresqlTarget): ClientConfig {
  return {
    connectionTimeoutMillis: POSTGRESQL_CONNECT_TIMEOUT_MS,
    fallback_application_name: POSTGRESQL_APPLICATION_NAME,
    ...target.clientConfig,
  };
}

/**
 * `require('pg')`, without its probe for Cloudflare Workers: where `navigator` is missing (Node 20), pg builds a
 * `Response` to find out, which loads Node's whole fetch implementation (5-15 ms on a quiet machine, 100 ms on a
 * busy one). A `navigator` that says Node.js, as Node 21+ has its own, is there while pg loads and gone after:
 * the require is synchronous, so no other code sees it.
 */
function requirePg(): typeof import('pg') {
  const global = globalThis as { navigator?: unknown };
  const lend = typeof global.navigator === 'undefined';
  if (lend) Object.defineProperty(global, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('pg') as typeof import('pg');
  } finally {
    if (lend) delete global.navigator;
  }
}

/** node-postgres, loaded on first connection so that importing the adapter stays cheap. */
async function loadDriver(target: PostgresqlTarget): Promise<typeof import('pg')> {
  try {
    return requirePg();
  } catch (cause) {
    throw new ConnectionError(
      `Cannot connect to ${describeResolvedTarget(target)}: the pg driver could not be loaded (${describeCause(cause)}). ` +
        'Install it with `npm install pg`.',
      { cause },
    );
  }
}
