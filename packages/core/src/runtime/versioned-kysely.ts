import { Kysely } from 'kysely';
import type { Adapter, ConnectionOptions } from '../adapter/adapter';
import type { VersionSessionMode } from '../adapter/version-sessions';
import { ConfigError, UsageError } from '../errors';
import { resolveVersionSchema } from './resolve-version-schema';
import { cutToBytes, MAX_APPLICATION_NAME_BYTES, versionApplicationName } from './version-application-name';

/** Connections a version's pool opens at most, unless `poolSize` says otherwise (node-postgres' own default). */
export const DEFAULT_VERSION_POOL_SIZE = 10;

export interface VersionedKyselyOptions {
  /** The database's adapter: `postgresqlAdapter` of `@gati-framework/migrations-adapters/postgresql`. */
  readonly adapter: Adapter;
  /** As in `gati.config.ts`: `{ url }`, or the adapter's discrete options. */
  readonly connection: ConnectionOptions;
  /** The handler's Timescape version: `tsv:1707991200-products-002` or an ISO timestamp. */
  readonly version: string;
  /**
   * `session` (the default): the settings travel in each connection's startup options, for direct connections and
   * session pooling. `transaction`: each transaction sets them for itself (`set_config(…, true)`), for PgBouncer's
   * transaction pooling.
   */
  readonly mode?: VersionSessionMode;
  /** The connections' application name instead of `gati <schema version>[ for <version>]` (cut to 63 bytes). */
  readonly applicationName?: string;
  /** Connections the pool opens at most; default {@link DEFAULT_VERSION_POOL_SIZE}. */
  readonly poolSize?: number;
}

/**
 * A `Kysely<DB>` for a handler of one Timescape version, bound to that version's schema of views (made by a
 * zero-downtime migration's expand): the schema of the greatest version at or before `version`, first on the
 * search path, and the session setting `gati.version` holding that schema's version id (what the expand triggers
 * read to know which version wrote a row). With no schema at or before `version` (no zero-downtime migration ever
 * ran, or the version that was live before the first one), the tables themselves, with `gati.version` set to
 * `version`.
 *
 * Reads the version schemas at start, on a connection of its own: throws `CONNECTION_FAILED` when it cannot connect, and `CONFIG_INVALID`
 * for an adapter without zero-downtime support (PostgreSQL only, for now). Call `destroy()` on the result at
 * shutdown, as with any Kysely.
 *
 * @example
 * ```ts
 * import { versionedKysely } from '@gati-framework/migrations/runtime';
 * import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
 *
 * const db = await versionedKysely<DB>({
 *   adapter: postgresqlAdapter,
 *   connection: { url: process.env.DATABASE_URL },
 *   version: 'tsv:1707991200-products-002',
 * });
 * const products = await db.selectFrom('products').selectAll().execute(); // through gati_v_1707991200_products_002
 * ```
 */
export async function versionedKysely<DB>(options: VersionedKyselyOptions): Promise<Kysely<DB>> {
  const { adapter, connection, version } = options;
  const mode = options.mode ?? 'session';
  if (mode !== 'session' && mode !== 'transaction') {
    throw new UsageError(`versionedKysely: mode must be 'session' or 'transaction', not ${JSON.stringify(mode)}.`);
  }
  const poolSize = options.poolSize ?? DEFAULT_VERSION_POOL_SIZE;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new UsageError(`versionedKysely: poolSize must be a whole number of at least 1, not ${JSON.stringify(poolSize)}.`);
  }
  const sessions = adapter.versionSessions;
  if (sessions === undefined) {
    throw new ConfigError(
      `The ${adapter.name} adapter cannot bind a connection to a version's schema: zero-downtime versions are PostgreSQL-only for now. ` +
        `On ${adapter.name}, use new Kysely({ dialect: adapter.createDialect(connection) }).`,
    );
  }
  // Before connecting: a malformed version is a usage error whatever the database holds.
  resolveVersionSchema(version, []);

  const listing = new Kysely<any>({ dialect: adapter.createDialect(connection) });
  let schemas;
  try {
    schemas = await sessions.listVersionSchemas(listing);
  } finally {
    await listing.destroy();
  }
  const resolved = resolveVersionSchema(version, schemas);
  const applicationName =
    options.applicationName !== undefined
      ? cutToBytes(options.applicationName, MAX_APPLICATION_NAME_BYTES)
      : versionApplicationName(resolved.version, version);
  const dialect = sessions.createDialect(connection, {
    ...(resolved.schema !== undefined ? { schema: resolved.schema } : {}),
    version: resolved.version,
    applicationName,
    mode,
    poolSize,
  });
  return new Kysely<DB>({ dialect });
}
