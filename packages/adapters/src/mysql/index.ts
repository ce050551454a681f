/**
 * `@gati-framework/migrations-adapters/mysql`: the MySQL / MariaDB adapter and its parts.
 */
export { mysqlAdapter } from './mysql-adapter';
export { mysqlCapabilities } from './mysql-capabilities';
export { mysqlWriters } from './mysql-action-writers';
export { mysqlTypeMapping, mysqlStringLiteral } from './mysql-type-mapping';
export {
  DEFAULT_MYSQL_PORT,
  describeMysqlTarget,
  describeResolvedMysqlTarget,
  resolveMysqlTarget,
  type MysqlTarget,
} from './mysql-connection-target';
export {
  MYSQL_CONNECT_TIMEOUT_MS,
  MYSQL_POOL_SIZE,
  createMysqlDialect,
  createMysqlPool,
  mysqlConnectionError,
  mysqlDriverOptions,
} from './mysql-dialect-factory';
export {
  introspectMysql,
  parseMysqlDefault,
  parseMysqlEnumValues,
  readMysqlColumnType,
  type MysqlDefaultStyle,
} from './mysql-introspector';
export { MYSQL_LOCK_NAME_MAX_LENGTH, MYSQL_LOCK_POLL_MS, acquireMysqlLock, mysqlLockName } from './mysql-lock';

import { mysqlAdapter } from './mysql-adapter';
export default mysqlAdapter;
export { mysqlTableExists } from './mysql-table-exists';
export { mysqlPostcheck } from './mysql-postcheck';
