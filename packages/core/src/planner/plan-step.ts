import type { ColumnModel, DefaultValue, EnumModel, ForeignKeyModel, IndexModel, TableModel } from '../model';

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

/** One statement-level action of a migration, in the dialect's terms. The emitter turns each into code. */
export type PlanStep =
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

export type PlanStepKind = PlanStep['kind'];

/**
 * `data-loss`: the step deletes or cannot keep data; `table-rewrite`: it copies every row; `long-lock`: it holds a
 * lock that blocks the application while it works through the table; `non-transactional`: it runs outside a
 * transaction; `backfill`: it writes a value into rows that exist; `may-fail`: it fails on some data.
 */
export type FindingKind = 'data-loss' | 'table-rewrite' | 'long-lock' | 'non-transactional' | 'backfill' | 'may-fail';

/** A lint finding about a step: printed by `generate`, written into the file as a comment. */
export interface Finding {
  readonly kind: FindingKind;
  readonly message: string;
}

export interface PlannedStep {
  readonly step: PlanStep;
  readonly findings: readonly Finding[];
  /**
   * Which operation of the direction's list the step comes from (a rebuild folding several: the first), so
   * that a migration can be cut into steps that each pair an operation's up with its down.
   */
  readonly group: number;
  /**
   * A step moved to the start (`first`) or the end (`last`) of its direction, away from its operation's place:
   * the widening and narrowing of a named enum type. A migration made of steps pairs an up's `first` part with
   * the down's `last` part of the same operation, and the other way round.
   */
  readonly phase?: 'first' | 'last';
}

/** Whether a step must run outside any transaction. */
export function runsOutsideTransaction(step: PlanStep): boolean {
  return (
    step.kind === 'addEnumValue' ||
    step.kind === 'validateForeignKey' ||
    ((step.kind === 'createIndex' || step.kind === 'dropIndex') && step.concurrently === true)
  );
}

/** The steps of one migration, both directions. */
export interface MigrationPlan {
  readonly up: readonly PlannedStep[];
  readonly down: readonly PlannedStep[];
  /** How many operations each direction has (PlannedStep.group counts them). */
  readonly operationCount: number;
  /** Tables (by name) whose row types the migration file declares for its typed `db`. */
  readonly touchedTables: { readonly before: readonly TableModel[]; readonly after: readonly TableModel[] };
}

export function findingsOf(steps: readonly PlannedStep[], kind: FindingKind): string[] {
  return steps.flatMap((s) => s.findings.filter((f) => f.kind === kind).map((f) => f.message));
}
