import type { Adapter } from '@gati-framework/migrations';
import { defineAdapter } from '../define-adapter';
import { sqliteTableExists } from './sqlite-table-exists';
import { sqliteCapabilities } from './sqlite-capabilities';
import { describeSqliteTarget, resolveSqliteConnection, sqliteDatabaseExists } from './sqlite-connection-target';
import { createSqliteDialect } from './sqlite-dialect-factory';
import { checkSqliteForeignKeys } from './sqlite-integrity-check';
import { introspectSqlite } from './sqlite-introspector';
import { acquireSqliteLock } from './sqlite-migration-lock';
import { sqliteTypeMapping } from './sqlite-type-mapping';

/**
 * The SQLite adapter, on better-sqlite3: gati-migrations' default (`./.gati/dev.sqlite`).
 *
 * @example
 * ```ts
 * // gati.config.ts
 * import { defineConfig } from '@gati-framework/migrations';
 * export default defineConfig({
 *   migrations: { adapter: 'sqlite', connection: { filename: './data/app.db' } },
 * });
 *
 * // or the object itself, e.g. in a test
 * import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
 * const db = new Kysely<any>({ dialect: sqliteAdapter.createDialect({ url: 'sqlite::memory:' }) });
 * const model = await sqliteAdapter.introspect(db, { excludeTables: [] });
 * ```
 */
export const sqliteAdapter: Adapter = defineAdapter({
  name: 'sqlite',
  capabilities: sqliteCapabilities,
  types: sqliteTypeMapping,
  codegenDialect: 'sqlite',
  resolveConnection: resolveSqliteConnection,
  createDialect: createSqliteDialect,
  introspect: introspectSqlite,
  describeTarget: describeSqliteTarget,
  tableExists: sqliteTableExists,
  exists: sqliteDatabaseExists,
  checkIntegrity: checkSqliteForeignKeys,
  acquireLock: acquireSqliteLock,
});
