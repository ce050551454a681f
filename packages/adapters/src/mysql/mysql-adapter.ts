import type { Adapter } from '@gati-framework/migrations';
import { defineAdapter } from '../define-adapter';
import { mysqlWriters } from './mysql-action-writers';
import { mysqlTableExists } from './mysql-table-exists';
import { mysqlPostcheck } from './mysql-postcheck';
import { mysqlCapabilities } from './mysql-capabilities';
import { describeMysqlTarget } from './mysql-connection-target';
import { createMysqlDialect } from './mysql-dialect-factory';
import { introspectMysql } from './mysql-introspector';
import { acquireMysqlLock } from './mysql-lock';
import { mysqlTypeMapping } from './mysql-type-mapping';

/**
 * The MySQL adapter, on mysql2: MySQL 8 and MariaDB 10.5+ (tested on MariaDB 10.11). DDL is not transactional
 * there, so a migration that fails half-way leaves its first statements applied.
 *
 * @example
 * ```ts
 * // gati.config.ts
 * import { defineConfig } from '@gati-framework/migrations';
 * export default defineConfig({
 *   migrations: { adapter: 'mysql', connection: { url: process.env.DATABASE_URL } }, // mysql://u:p@host:3306/db
 * });
 *
 * // or the object itself, e.g. in a test
 * import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
 * const db = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: 'mysql://root@127.0.0.1:3306/shop' }) });
 * const model = await mysqlAdapter.introspect(db, { excludeTables: [] });
 * ```
 */
export const mysqlAdapter: Adapter = defineAdapter({
  name: 'mysql',
  capabilities: mysqlCapabilities,
  types: mysqlTypeMapping,
  writers: mysqlWriters,
  codegenDialect: 'mysql',
  createDialect: createMysqlDialect,
  introspect: introspectMysql,
  acquireLock: acquireMysqlLock,
  describeTarget: describeMysqlTarget,
  tableExists: mysqlTableExists,
  postcheck: mysqlPostcheck,
});
