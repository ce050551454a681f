import type { ChangeCost, CostlyChange, DialectCapabilities } from '@gati-framework/migrations';

// What the costly changes cost on InnoDB (see mysqlCapabilities).
const MYSQL_COSTS: Readonly<Partial<Record<CostlyChange, readonly ChangeCost[]>>> = {
  'change-type': [
    {
      kind: 'long-lock',
      message: 'the UPDATE that converts every row of {table} locks them until it commits: writes to {table} wait meanwhile',
    },
  ],
  'change-type-in-place': [
    { kind: 'long-lock', message: 'MODIFY COLUMN to another type copies {table} (ALGORITHM=COPY): writes to {table} wait meanwhile' },
  ],
  'widen-varchar': [
    {
      kind: 'table-rewrite',
      message:
        'MODIFY COLUMN to a longer VARCHAR changes the definition only, unless its length in bytes crosses 255 (more than 63 characters in utf8mb4 where it had at most that): then it copies {table} and writes wait meanwhile',
    },
  ],
  'set-not-null': [{ kind: 'table-rewrite', message: 'MODIFY COLUMN … NOT NULL rebuilds {table} (in place; writes go on meanwhile)' }],
  backfill: [
    { kind: 'long-lock', message: 'the UPDATE of every row of {table} locks them until it commits: writes to {table} wait meanwhile' },
  ],
  'add-foreign-key': [
    {
      kind: 'long-lock',
      message: 'with foreign_key_checks on, ADD FOREIGN KEY copies {table} (ALGORITHM=COPY): writes to {table} wait meanwhile',
    },
  ],
  'enum-values': [
    {
      kind: 'long-lock',
      message: 'changing ENUM values other than by appending copies {table} (ALGORITHM=COPY): writes to {table} wait meanwhile',
    },
  ],
  'rename-foreign-key': [
    {
      kind: 'unchecked',
      message:
        'MySQL and MariaDB cannot rename a foreign key: it is dropped and added again under its new name in one ALTER TABLE, in place (ALGORITHM=INPLACE, LOCK=NONE) with foreign_key_checks off, so {table} is not copied and its rows are not checked against {referenced} again (they were checked when the key was first added)',
    },
  ],
  'primary-key': [{ kind: 'table-rewrite', message: 'changing the PRIMARY KEY rebuilds {table} (in place; writes go on meanwhile)' }],
};

/**
 * What MySQL's and MariaDB's DDL can do (MySQL 8, MariaDB 10.5+; tested on MariaDB 10.11).
 *
 * - DDL is not transactional: every `CREATE`, `ALTER` and `DROP` commits implicitly, so a migration failing
 *   half-way leaves its first statements applied (https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html).
 * - `MODIFY COLUMN` changes a column's type, nullability and default in place; `ALTER COLUMN … SET/DROP
 *   DEFAULT` exists, but NOT NULL can only change through `MODIFY COLUMN` with the whole definition.
 * - Foreign keys can be added and dropped on an existing table; `RENAME COLUMN` (MariaDB 10.5+, MySQL 8) and
 *   `DROP COLUMN` exist.
 * - String-literal unions are inline `ENUM('a','b')` columns; `varchar(n)` is a type of its own.
 * - A generated key is `AUTO_INCREMENT`; index names are scoped to their table (`DROP INDEX … ON table`).
 * - A renamed table or column renames the indexes named after it (`RENAME INDEX`). MySQL and MariaDB cannot
 *   rename a foreign key: it is dropped and added again in one `ALTER TABLE … ALGORITHM=INPLACE` with
 *   `foreign_key_checks` off, which neither copies the table nor checks the rows again.
 * - `costs`, which `generate` prints: what the costly changes cost on InnoDB, MariaDB alike
 *   (https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html). Most ALTER TABLEs run online,
 *   but some copy the table and block its writes (ADD FOREIGN KEY, ENUM values changed other than by
 *   appending), NOT NULL and primary key changes rebuild it in place, and a big UPDATE (a type change's
 *   conversion, a backfill) locks every row it changes until it commits.
 *
 * @example
 * ```ts
 * import { mysqlCapabilities } from '@gati-framework/migrations-adapters/mysql';
 * mysqlCapabilities.transactionalDdl; // false: a failed migration is not rolled back
 * ```
 */
export const mysqlCapabilities: DialectCapabilities = Object.freeze({
  transactionalDdl: false,
  alterColumnType: true,
  alterColumnConstraints: true,
  alterForeignKeys: true,
  renameColumn: true,
  dropColumn: true,
  enums: 'inline',
  varchar: true,
  identity: 'autoincrement',
  columnChanges: 'modify-column',
  restrictIsNoAction: true,
  foreignKeysCreateIndex: true,
  renameIndex: true,
  namedForeignKeys: true,
  costs: MYSQL_COSTS,
});
