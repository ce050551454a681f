/**
 * A kind of change whose cost to a live application depends on the database: how long it locks the table, or
 * whether it copies it. The planner classifies each step; the capabilities say what it costs there.
 *
 * - `change-type`: a type conversion through a new column (every row updated with the conversion)
 * - `change-type-in-place`: a type change that keeps every value, made in place (ALTER COLUMN … TYPE, MODIFY)
 * - `widen-varchar`: a varchar made longer, or text, in place
 * - `set-not-null`: a column of an existing table becomes NOT NULL (every row checked)
 * - `backfill`: the rows of an existing table get a value (an UPDATE of every row)
 * - `add-foreign-key`: a foreign key added to an existing table, checked against its rows at once
 * - `enum-values`: an enum's values change other than by appending, rewriting the columns that use it
 * - `create-index`: an index built on an existing table inside the migration (not concurrently)
 * - `primary-key`: a primary key added to (or replaced on) an existing table
 * - `rename-foreign-key`: a foreign key renamed with its renamed table or column
 */
export type CostlyChange =
  | 'change-type'
  | 'change-type-in-place'
  | 'widen-varchar'
  | 'set-not-null'
  | 'backfill'
  | 'add-foreign-key'
  | 'enum-values'
  | 'create-index'
  | 'primary-key'
  | 'rename-foreign-key';

/**
 * What a costly change does on a database: a `long-lock` (the application's queries wait on the table while
 * it runs), a `table-rewrite` (the table is copied), or `unchecked` (a constraint is added again without checking
 * the rows), in one sentence. `{table}` stands for the table,
 * `{referenced}` for the table a foreign key references.
 */
export interface ChangeCost {
  readonly kind: 'long-lock' | 'table-rewrite' | 'unchecked';
  readonly message: string;
}

/**
 * What a database can do in DDL. The planner reads these flags to pick a strategy (for example the SQLite
 * table rebuild); how each action is then written is the adapter's writers' business (see `ActionWriters`), and
 * nothing in the core asks which database it is talking to.
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
   * A foreign key added to an existing table is added without checking the rows (`NOT VALID`) and checked in a
   * step of its own outside the migration's transaction (`VALIDATE CONSTRAINT`), which does not block writes
   * (PostgreSQL). Otherwise it is checked as it is added.
   */
  readonly validateForeignKeysApart?: boolean;
  /**
   * Tables and enum types may live in schemas other than the default one (`sales.orders`; PostgreSQL). Without
   * it, a model that names a schema is refused.
   */
  readonly schemas?: boolean;
  /** An index is renamed in place (`ALTER INDEX … RENAME TO`, `RENAME INDEX`); without it, dropped and created again. */
  readonly renameIndex?: boolean;
  /**
   * Foreign keys keep the name they were created with, so a key named after a renamed table or column is renamed
   * (PostgreSQL, MySQL). Without it (SQLite) the name is read back from the table and follows it by itself.
   */
  readonly namedForeignKeys?: boolean;
  /**
   * The primary key is a constraint named after its table (`people_pkey`, PostgreSQL), renamed with the table.
   * Without it the key has no name of its own (MySQL's `PRIMARY`, SQLite).
   */
  readonly namedPrimaryKey?: boolean;
  /** What each costly change costs on this database (lint findings of `generate`); absent: nothing to say. */
  readonly costs?: Readonly<Partial<Record<CostlyChange, readonly ChangeCost[]>>>;
  /**
   * A data-modifying statement may stand in a WITH clause (PostgreSQL): the runner then records a migration in
   * the applied table and in the run history with one statement, one round trip less per migration.
   */
  readonly writableCte?: boolean;
}
