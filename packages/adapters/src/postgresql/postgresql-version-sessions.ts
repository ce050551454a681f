import { PostgresDialect, sql, type Dialect, type Kysely } from 'kysely';
import {
  VERSION_SCHEMA_PREFIX,
  type ConnectionOptions,
  type VersionSchema,
  type VersionSession,
  type VersionSessions,
} from '@gati-framework/migrations';
import { resolvePostgresqlTarget, type PostgresqlTarget } from './postgresql-connection-target';
import { createPostgresqlPool } from './postgresql-dialect-factory';
import { withPostgresqlTransactionSettings } from './postgresql-transaction-settings';
import { quotePostgresqlIdentifier } from './postgresql-type-mapping';

/** The session setting that tells the expand triggers which version's schema a session writes through. */
export const POSTGRESQL_VERSION_SETTING = 'gati.version';

/**
 * Zero-downtime versions at run time on PostgreSQL (the adapter's `versionSessions`, used by `versionedKysely`):
 * - `session` mode: a node-postgres pool whose connections carry, in their startup packet,
 *   `options=-c search_path=<schema>,public -c gati.version=<version>` and `application_name`;
 * - `transaction` mode: `application_name` in the startup packet, and the search path and `gati.version` set by
 *   `set_config(…, true)` at the start of every transaction (see {@link withPostgresqlTransactionSettings}), for
 *   PgBouncer's transaction pooling, which does not pass startup options through.
 */
export const postgresqlVersionSessions: VersionSessions = Object.freeze({
  listVersionSchemas: listPostgresqlVersionSchemas,
  createDialect: createPostgresqlVersionDialect,
});

/** Every schema named `gati_v_…` that carries a comment (the version id expand wrote there), by name. */
export async function listPostgresqlVersionSchemas(db: Kysely<any>): Promise<VersionSchema[]> {
  const { rows } = await sql<{ schema: string; version: string | null }>`
    SELECT n.nspname AS schema, obj_description(n.oid, 'pg_namespace') AS version
    FROM pg_catalog.pg_namespace n
    WHERE left(n.nspname, ${VERSION_SCHEMA_PREFIX.length}) = ${VERSION_SCHEMA_PREFIX}
    ORDER BY n.nspname`.execute(db);
  return rows.flatMap((row) => (row.version === null ? [] : [{ schema: row.schema, version: row.version.trim() }]));
}

/** The dialect of a version's connections, in the session's mode (see {@link postgresqlVersionSessions}). */
export function createPostgresqlVersionDialect(connection: ConnectionOptions, session: VersionSession): Dialect {
  const target = resolvePostgresqlTarget(connection);
  const settings = { search_path: postgresqlVersionSearchPath(session.schema), [POSTGRESQL_VERSION_SETTING]: session.version };
  if (session.mode === 'transaction') {
    const pooled = withStartupParameters(target, { application_name: session.applicationName });
    const dialect = new PostgresDialect({ pool: () => createPostgresqlPool(pooled, session.poolSize) });
    return withPostgresqlTransactionSettings(dialect, settings);
  }
  const pooled = withStartupParameters(target, {
    application_name: session.applicationName,
    options: postgresqlStartupOptions(settings),
  });
  return new PostgresDialect({ pool: () => createPostgresqlPool(pooled, session.poolSize) });
}

/** `gati_v_x,public`: the version schema first, then the tables; `public` alone without a version schema. */
export function postgresqlVersionSearchPath(schema: string | undefined): string {
  if (schema === undefined) return 'public';
  const name = /^[a-z_][a-z0-9_$]*$/.test(schema) ? schema : quotePostgresqlIdentifier(schema);
  return `${name},public`;
}

/**
 * The libpq `options` startup parameter that sets `settings`: `-c name=value` each, with backslashes and white
 * space in names and values escaped by a backslash (the server splits the parameter at unescaped white space).
 *
 * @example
 * ```ts
 * postgresqlStartupOptions({ search_path: 'gati_v_x,public', 'gati.version': 'tsv:1707991200-products-002' });
 * // '-c search_path=gati_v_x,public -c gati.version=tsv:1707991200-products-002'
 * postgresqlStartupOptions({ 'gati.note': 'a b\\c' }); // '-c gati.note=a\\ b\\\\c'
 * ```
 */
export function postgresqlStartupOptions(settings: Readonly<Record<string, string>>): string {
  const escape = (text: string): string => text.replace(/[\\\s]/g, (character) => `\\${character}`);
  return Object.entries(settings)
    .map(([name, value]) => `-c ${escape(name)}=${escape(value)}`)
    .join(' ');
}

/**
 * The target with `application_name` and `options` for its startup packet. node-postgres lets a connection URL's
 * own `?options=` and `?application_name=` win over the config, and reads `PGOPTIONS`: those options go first
 * (ours, later, win for the same setting), and the URL's parameters are taken out.
 */
function withStartupParameters(target: PostgresqlTarget, parameters: { application_name: string; options?: string }): PostgresqlTarget {
  let clientConfig = { ...target.clientConfig, application_name: parameters.application_name };
  let ownOptions = typeof target.clientConfig.options === 'string' ? target.clientConfig.options : undefined;
  const connectionString = target.clientConfig.connectionString;
  if (connectionString !== undefined) {
    const url = parseUrl(connectionString);
    if (url !== undefined && (url.searchParams.has('options') || url.searchParams.has('application_name'))) {
      ownOptions = url.searchParams.get('options') ?? ownOptions;
      url.searchParams.delete('options');
      url.searchParams.delete('application_name');
      clientConfig = { ...clientConfig, connectionString: url.toString() };
    }
  }
  if (parameters.options !== undefined) {
    const before = ownOptions ?? process.env.PGOPTIONS;
    const options = before !== undefined && before.trim() !== '' ? `${before} ${parameters.options}` : parameters.options;
    clientConfig = { ...clientConfig, options };
  }
  return { ...target, clientConfig };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
