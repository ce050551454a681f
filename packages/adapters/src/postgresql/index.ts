/**
 * `@gati-framework/migrations-adapters/postgresql`: the PostgreSQL adapter and its parts.
 */
export { postgresqlAdapter } from './postgresql-adapter';
export { postgresqlCapabilities } from './postgresql-capabilities';
export { postgresqlWriters } from './postgresql-action-writers';
export { postgresqlTypeMapping, postgresqlStringLiteral, quotePostgresqlIdentifier } from './postgresql-type-mapping';
export {
  DEFAULT_POSTGRESQL_PORT,
  describePostgresqlTarget,
  describeResolvedTarget,
  redactPostgresqlMessage,
  resolvePostgresqlTarget,
  type PostgresqlTarget,
} from './postgresql-connection-target';
export {
  POSTGRESQL_APPLICATION_NAME,
  POSTGRESQL_CONNECT_TIMEOUT_MS,
  POSTGRESQL_POOL_SIZE,
  connectPostgresqlClient,
  createPostgresqlDialect,
  createPostgresqlPool,
  postgresqlConnectionError,
} from './postgresql-dialect-factory';
export { introspectPostgresql, parsePostgresqlColumnType, parsePostgresqlDefault } from './postgresql-introspector';
export { POSTGRESQL_LOCK_POLL_MS, acquirePostgresqlLock, postgresqlLockKey } from './postgresql-lock';

import { postgresqlAdapter } from './postgresql-adapter';
export default postgresqlAdapter;
export { isPostgresqlLockTimeout, setPostgresqlLockTimeout } from './postgresql-lock-timeout';
export { postgresqlTableExists } from './postgresql-table-exists';
export { postgresqlZeroDowntime } from './postgresql-zero-downtime';
export {
  POSTGRESQL_VERSION_SETTING,
  createPostgresqlVersionDialect,
  listPostgresqlVersionSchemas,
  postgresqlStartupOptions,
  postgresqlVersionSearchPath,
  postgresqlVersionSessions,
} from './postgresql-version-sessions';
export { transactionSettingsQuery, withPostgresqlTransactionSettings } from './postgresql-transaction-settings';
