import type { DialectCapabilities } from '@gati-framework/migrations';

/**
 * What SQLite's DDL can do (SQLite 3.45+, as bundled by better-sqlite3 12).
 *
 * - DDL is transactional: a failed migration rolls back completely.
 * - No `ALTER COLUMN`: a type, NOT NULL or default change, and adding or dropping a foreign key, go through
 *   the table-rebuild procedure (https://www.sqlite.org/lang_altertable.html#otheralter).
 * - `RENAME COLUMN` (3.25+) and `DROP COLUMN` of a plain column (3.35+) exist.
 * - String-literal unions are `text` with a `CHECK (col IN (…))`; there is no distinct `varchar(n)`.
 * - A generated key is `INTEGER PRIMARY KEY AUTOINCREMENT`.
 *
 * @example
 * ```ts
 * import { sqliteCapabilities } from '@gati-framework/migrations-adapters/sqlite';
 * sqliteCapabilities.alterColumnType; // false: the planner rebuilds the table
 * ```
 */
export const sqliteCapabilities: DialectCapabilities = Object.freeze({
  transactionalDdl: true,
  alterColumnType: false,
  alterColumnConstraints: false,
  alterForeignKeys: false,
  renameColumn: true,
  dropColumn: true,
  enums: 'check',
  varchar: false,
  identity: 'autoincrement',
});
