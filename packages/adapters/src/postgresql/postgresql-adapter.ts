import type { Adapter } from '@gati-framework/migrations';
import { defineAdapter } from '../define-adapter';
import { postgresqlWriters } from './postgresql-action-writers';
import { postgresqlZeroDowntime } from './postgresql-zero-downtime';
import { postgresqlTableExists } from './postgresql-table-exists';
import { postgresqlCapabilities } from './postgresql-capabilities';
import { describePostgresqlTarget } from './postgresql-connection-target';
import { createPostgresqlDialect } from './postgresql-dialect-factory';
import { introspectPostgresql } from './postgresql-introspector';
import { acquirePostgresqlLock } from './postgresql-lock';
import { postgresqlTypeMapping } from './postgresql-type-mapping';
import { isPostgresqlLockTimeout, setPostgresqlLockTimeout } from './postgresql-lock-timeout';
import { postgresqlVersionSessions } from './postgresql-version-sessions';

/**
 * The PostgreSQL adapter, on node-postgres (`pg`) and Kysely's `PostgresDialect`. Connecting never creates the
 * database: it must exist.
 *
 * @example
 * ```ts
 * // gati.config.ts
 * import { defineConfig } from '@gati-framework/migrations';
 * export default defineConfig({
 *   migrations: { adapter: 'postgresql', connection: { url: process.env.DATABASE_URL } },
 * });
 *
 * // or the object itself, e.g. in a test
 * import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
 * const db = new Kysely<any>({ dialect: postgresqlAdapter.createDialect({ url: 'postgres://postgres@localhost/app' }) });
 * const model = await postgresqlAdapter.introspect(db, { excludeTables: [] });
 * ```
 */
export const postgresqlAdapter: Adapter = defineAdapter({
  name: 'postgresql',
  capabilities: postgresqlCapabilities,
  types: postgresqlTypeMapping,
  writers: postgresqlWriters,
  zeroDowntime: postgresqlZeroDowntime,
  codegenDialect: 'postgres',
  createDialect: createPostgresqlDialect,
  introspect: introspectPostgresql,
  acquireLock: acquirePostgresqlLock,
  prepareSession: setPostgresqlLockTimeout,
  isLockTimeout: isPostgresqlLockTimeout,
  describeTarget: describePostgresqlTarget,
  tableExists: postgresqlTableExists,
  versionSessions: postgresqlVersionSessions,
});
