import type { ColumnModel, DefaultValue, EnumModel, ForeignKeyModel, IndexModel, LogicalType, TableModel } from '../model';

/** Where a column of a rebuilt table takes its values from. */
export interface ColumnSource {
  /** The column in the new table. */
  readonly column: string;
  /** The column of the old table it is copied from; undefined for a new column (default or NULL). */
  readonly from?: string;
  /** Set when the type changes: the copy goes through `CAST(from AS cast)`. */
  readonly cast?: string;
  /**
   * A backfill: the value of every row for a new column (no `from`), or of the rows whose `from` is NULL for a
   * column that becomes NOT NULL (`COALESCE`).
   */
  readonly fill?: DefaultValue;
}

/**
 * One statement-level action of a migration: what the planner decided, in dialect-neutral terms. A writer turns
 * each into code: the adapter's own for the actions it renders its own way (see `ActionWriters`), else the
 * core's portable one, on Kysely's builders.
 */
export type Action =
  /** CREATE SCHEMA IF NOT EXISTS, before the first table or type in it. Schemas are never dropped. */
  | { readonly kind: 'createSchema'; readonly schema: string }
  | { readonly kind: 'createEnum'; readonly enum: EnumModel }
  | { readonly kind: 'dropEnum'; readonly enum: EnumModel }
  | { readonly kind: 'createTable'; readonly table: TableModel }
  | { readonly kind: 'dropTable'; readonly table: TableModel }
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: ColumnModel }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: ColumnModel }
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  /**
   * Renames in the catalog only, of what is named after a renamed table or column: nothing is rebuilt or checked
   * again. An enum type (PostgreSQL); an index named `from` to `index.name` (`index`: its definition when the
   * action runs); a foreign key named `from` to `foreignKey.name` (`ownIndex`: the index InnoDB made for the key,
   * named after it, is renamed with it); a table's primary key constraint.
   */
  | { readonly kind: 'renameEnum'; readonly from: string; readonly to: string }
  | { readonly kind: 'renameIndex'; readonly table: string; readonly from: string; readonly index: IndexModel }
  | {
      readonly kind: 'renameForeignKey';
      readonly table: string;
      readonly from: string;
      readonly foreignKey: ForeignKeyModel;
      readonly ownIndex?: boolean;
    }
  | { readonly kind: 'renamePrimaryKey'; readonly table: string; readonly from: string; readonly to: string }
  /** `concurrently`: built without blocking writes, outside a transaction (PostgreSQL). */
  | { readonly kind: 'createIndex'; readonly table: string; readonly index: IndexModel; readonly concurrently?: boolean }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly index: IndexModel; readonly concurrently?: boolean }
  /**
   * A value added to a named enum type in place, before `before` or after `after` (one of them, or neither to
   * append), outside a transaction: the value can be used once it has committed.
   */
  | {
      readonly kind: 'addEnumValue';
      readonly enum: EnumModel;
      readonly value: string;
      readonly before?: string;
      readonly after?: string;
    }
  /** `notValid`: added without checking the rows that exist (a `validateForeignKey` step checks them after). */
  | { readonly kind: 'addForeignKey'; readonly table: string; readonly foreignKey: ForeignKeyModel; readonly notValid?: boolean }
  /** A foreign key added `NOT VALID` checked against the rows, outside a transaction, without blocking writes. */
  | { readonly kind: 'validateForeignKey'; readonly table: string; readonly foreignKey: ForeignKeyModel }
  | { readonly kind: 'dropForeignKey'; readonly table: string; readonly foreignKey: ForeignKeyModel }
  /**
   * The rows that exist get `value` in `column` (all of them, or with `onlyNulls` those holding NULL): the
   * backfill before a column becomes NOT NULL. `column` is the column's final definition, for its type.
   */
  | {
      readonly kind: 'fillColumn';
      readonly table: string;
      readonly column: ColumnModel;
      readonly value: DefaultValue;
      readonly onlyNulls: boolean;
    }
  /**
   * The table's primary key dropped (its columns stay), added on `columns`, or replaced by one on `to`.
   * `addColumns`: AUTO_INCREMENT columns added in the same statement, since MySQL refuses one that is not a key.
   */
  | { readonly kind: 'dropPrimaryKey'; readonly table: string; readonly columns: readonly string[] }
  | {
      readonly kind: 'addPrimaryKey';
      readonly table: string;
      readonly columns: readonly string[];
      readonly addColumns?: readonly ColumnModel[];
    }
  | {
      readonly kind: 'replacePrimaryKey';
      readonly table: string;
      readonly from: readonly string[];
      readonly to: readonly string[];
      readonly addColumns?: readonly ColumnModel[];
    }
  /**
   * Before a down narrows enum `enum`, the rows of `table.column` that hold a value it removes get the value that
   * `map` gives it (a value that stays, or NULL): the mapping is declared once at the top of the file, where the
   * reviewer may change it. The down is marked as losing data, so it runs only with `--allow-data-loss`.
   */
  | {
      readonly kind: 'mapEnumValues';
      readonly table: string;
      readonly column: string;
      readonly enum: string;
      readonly map: readonly { readonly from: string; readonly to: string | null }[];
      /** The values the column may hold once the enum is narrowed (and NULL where it is nullable). */
      readonly remaining: readonly string[];
      readonly nullable: boolean;
    }
  /**
   * Before anything changes, every value of `column` is checked to convert from `from` to `to` (see
   * `conversionRule`); rows that do not stop the migration, named by their `key` columns and values.
   */
  | {
      readonly kind: 'checkConversion';
      readonly table: string;
      readonly column: string;
      readonly from: LogicalType;
      readonly to: LogicalType;
      readonly key: readonly string[];
    }
  /**
   * A column's type changes in place (ALTER COLUMN … TYPE, MODIFY COLUMN), where every value converts as it is
   * (`int` -> `bigint`, a wider varchar): the column keeps its place and its indexes. `to` differs from `from`
   * in its type only.
   */
  | { readonly kind: 'changeColumnType'; readonly table: string; readonly from: ColumnModel; readonly to: ColumnModel }
  /** Nullability, default, or (inline enums) the allowed values of a column change in place. */
  | { readonly kind: 'alterColumn'; readonly table: string; readonly from: ColumnModel; readonly to: ColumnModel }
  /**
   * A type change through a new column: add `temporary` (nullable), fill it with `CAST(from AS cast)`, drop the
   * old column, rename `temporary` to the column's name. NOT NULL and the default follow as an alterColumn.
   * `stage` does one part only (`add`: the column; `fill`: the CAST; `swap`: drop and rename), where a
   * migration is cut into steps that each commit on their own (MySQL).
   */
  | {
      readonly kind: 'convertColumn';
      readonly table: string;
      readonly from: ColumnModel;
      readonly to: ColumnModel;
      readonly cast: string;
      readonly temporary: string;
      readonly stage?: 'add' | 'fill' | 'swap';
    }
  /**
   * A named enum type whose values change (other than by appending): rename the old type away, create the new
   * one, move every column that uses it over through text, drop the old type.
   */
  | {
      readonly kind: 'recreateEnum';
      readonly from: EnumModel;
      readonly to: EnumModel;
      readonly columns: readonly { readonly table: string; readonly column: ColumnModel }[];
    }
  /**
   * Copy the table into a new one with the target definition, then swap (SQLite's procedure for changes
   * ALTER TABLE cannot make): create `tmp` as `to`, INSERT … SELECT with `sources`, drop the table, rename
   * `tmp`. `from` is the table as the source schema has it (its old name if it was renamed: renames run
   * first, so the table already carries `to.name` when the rebuild starts).
   */
  | {
      readonly kind: 'rebuildTable';
      readonly from: TableModel;
      readonly to: TableModel;
      /**
       * The table's name while the rebuild runs, where a rename of it comes later in the direction (a down
       * renames back last); otherwise `to.name`.
       */
      readonly name?: string;
      readonly sources: readonly ColumnSource[];
    };

export type ActionKind = Action['kind'];

/** Whether an action must run outside any transaction. */
export function runsOutsideTransaction(action: Action): boolean {
  return (
    action.kind === 'addEnumValue' ||
    action.kind === 'validateForeignKey' ||
    ((action.kind === 'createIndex' || action.kind === 'dropIndex') && action.concurrently === true)
  );
}
