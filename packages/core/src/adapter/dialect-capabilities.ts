/**
 * What a database can do in DDL. The planner reads these flags to pick a strategy (for example the SQLite
 * table rebuild); nothing else in the core asks which database it is talking to.
 */
export interface DialectCapabilities {
  /** DDL runs inside a transaction and rolls back with it (PostgreSQL, SQLite; not MySQL). */
  readonly transactionalDdl: boolean;
  /** `ALTER TABLE … ALTER COLUMN … TYPE` (or MODIFY) exists. Without it a type change rebuilds the table. */
  readonly alterColumnType: boolean;
  /** SET/DROP NOT NULL and SET/DROP DEFAULT on an existing column. */
  readonly alterColumnConstraints: boolean;
  /** Foreign keys can be added to or dropped from an existing table. */
  readonly alterForeignKeys: boolean;
  /** `ALTER TABLE … RENAME COLUMN`. */
  readonly renameColumn: boolean;
  /** `ALTER TABLE … DROP COLUMN` of a plain column (SQLite 3.35+: not for indexed or constrained ones). */
  readonly dropColumn: boolean;
  /** How string-literal unions are stored: a named type (PostgreSQL), an inline ENUM (MySQL), or text + CHECK. */
  readonly enums: 'named-type' | 'inline' | 'check';
  /** `varchar(n)` exists as a distinct type (false: every string is text). */
  readonly varchar: boolean;
  /** How a generated key is declared: AUTOINCREMENT (SQLite, MySQL; the default) or an identity column. */
  readonly identity?: 'autoincrement' | 'identity';
  /**
   * How a column's nullability or default changes in place: `ALTER COLUMN … SET/DROP …` (the default), or
   * `MODIFY COLUMN` with the whole definition (MySQL, which cannot change NOT NULL otherwise).
   */
  readonly columnChanges?: 'alter-column' | 'modify-column';
  /** Index names are scoped to their table, so an index is dropped through its table (MySQL). */
  readonly indexNamesPerTable?: boolean;
  /** `ON DELETE RESTRICT` and `NO ACTION` are the same thing and read back alike (MySQL/InnoDB). */
  readonly restrictIsNoAction?: boolean;
  /**
   * A foreign key whose columns no index leads with gets an index of its own, named after the key, which stays
   * when the key is dropped (MySQL/InnoDB): the planner drops it with the key.
   */
  readonly foreignKeysCreateIndex?: boolean;
  /**
   * Indexes of existing tables are created and dropped without blocking writes, outside a transaction
   * (PostgreSQL's CREATE / DROP INDEX CONCURRENTLY): such a step runs on its own, between transactions.
   */
  readonly concurrentIndexes?: boolean;
  /**
   * A named enum type takes new values in place (PostgreSQL's ALTER TYPE … ADD VALUE … BEFORE/AFTER), outside a
   * transaction so that the steps after it may use them; other changes to its values recreate the type.
   */
  readonly enumAddValue?: boolean;
  /**
   * A data-modifying statement may stand in a WITH clause (PostgreSQL): the runner then records a migration in
   * the applied table and in the run history with one statement, one round trip less per migration.
   */
  readonly writableCte?: boolean;
}
