/**
 * `@gati-framework/migrations-adapters/sqlite`: the SQLite adapter and its parts.
 */
export { sqliteAdapter } from './sqlite-adapter';
export { sqliteCapabilities } from './sqlite-capabilities';
export { sqliteTypeMapping, sqliteStringLiteral } from './sqlite-type-mapping';
export {
  DEFAULT_SQLITE_FILENAME,
  SQLITE_MEMORY,
  describeSqliteTarget,
  resolveSqliteTarget,
  type SqliteTarget,
} from './sqlite-connection-target';
export { SQLITE_BUSY_TIMEOUT_MS, createSqliteDialect, openSqliteDatabase } from './sqlite-dialect-factory';
export { introspectSqlite, parseSqliteColumnType, parseSqliteDefault } from './sqlite-introspector';
export {
  findEnumChecks,
  hasAutoincrement,
  tokenizeSql,
  type SqlToken,
  type SqlTokenKind,
  type SqliteEnumCheck,
} from './sqlite-create-table-parser';

import { sqliteAdapter } from './sqlite-adapter';
export default sqliteAdapter;
export { checkSqliteForeignKeys } from './sqlite-integrity-check';
export { acquireSqliteLock } from './sqlite-migration-lock';
export { sqliteTableExists } from './sqlite-table-exists';
