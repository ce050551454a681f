import type { Expression, Kysely, RawBuilder } from 'kysely';

/**
 * A migration planned in two phases, so that the version before it and the version it was written for can be
 * served at the same time from one database (see the README, "Zero-downtime deploys"):
 *
 * - `migrate:up` runs the **expand**: `expand` (what only adds: new tables, nullable columns, indexes built
 *   concurrently), then each operation's expand (a new column kept in step with the old one by triggers, and
 *   backfilled in batches; a NOT NULL column filled for the old version's writes), then a schema of views for
 *   the new version (named after its version id), in which it sees its tables as its entity types describe
 *   them. The old version keeps working on the tables as they were.
 * - `migrate:complete` runs the **contract**, once the old version is retired: each operation's contract (the
 *   old column dropped and the new one renamed, the physical rename), then `contract` (what only removes).
 * - `migrate:rollback` abandons an expand that is not completed: what it created goes, the old columns hold
 *   every write of either version.
 *
 * The operations are data, not code: the adapter derives the triggers, views, backfill, contract and rollback
 * from them, so that the reviewer reads what changes, and the checksum of the file covers every phase.
 */
export interface ZeroDowntimePlan<Before = any> {
  /** Changes that break the old version, each run in two phases. */
  readonly operations: readonly ZeroDowntimeOperation[];
  /** What only adds, run first in the expand (the old version does not see it). */
  readonly expand?: (db: Kysely<Before>) => Promise<void>;
  /** What only removes, run last in the contract (once the old version is retired). */
  readonly contract?: (db: Kysely<any>) => Promise<void>;
  /** Undoes `expand`, when `migrate:rollback` abandons the expand. */
  readonly rollback?: (db: Kysely<any>) => Promise<void>;
}

/**
 * A conversion of a value, as the file declares it at its top (`usersAgeToInt`): total, so that a trigger that
 * uses it never fails a write (a value that does not convert gives NULL).
 */
export type ValueConversion = (value: Expression<unknown>) => RawBuilder<unknown>;

/** A column as the new version sees it: its SQL type as the dialect writes it, nullability and default. */
export interface ZeroDowntimeColumn {
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: RawBuilder<unknown>;
}

/** An index by its name and columns (by their names before the migration). */
export interface ZeroDowntimeIndex {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export type ZeroDowntimeOperation =
  /**
   * The column's type (or nullability) changes: expand adds a new column of the new type, triggers convert every
   * write of one version into the other's column (`up`: old -> new; `down`: new -> old), a batched backfill
   * converts the rows there are, and indexes on the column are built on the new column concurrently; contract
   * drops the old column and gives the new one its name (and NOT NULL, refusing while a row has no value).
   */
  | {
      readonly kind: 'alterColumn';
      readonly table: string;
      readonly column: string;
      readonly to: ZeroDowntimeColumn;
      readonly up: ValueConversion;
      readonly down: ValueConversion;
      /** The indexes the new version has on the column, built on the new column (concurrently) in the expand. */
      readonly indexes?: readonly ZeroDowntimeIndex[];
    }
  /** The new version sees the column under its new name (its view renames it); contract renames it. */
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  /** The new version sees the table under its new name; contract renames it. */
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  /**
   * A NOT NULL column whose rows need a value (`fill`): expand adds it nullable with a `CHECK … NOT VALID`, fills
   * the old version's writes with `fill` by trigger, backfills the rows there are and validates the check;
   * contract sets NOT NULL.
   */
  | {
      readonly kind: 'addColumn';
      readonly table: string;
      readonly column: string;
      readonly to: ZeroDowntimeColumn;
      readonly fill: RawBuilder<unknown>;
    }
  /**
   * The new version no longer sees the column; a NOT NULL one is filled with `fill` for its writes by trigger;
   * contract drops it.
   */
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: string; readonly fill?: RawBuilder<unknown> }
  /** The new version no longer sees the table; contract drops it. */
  | { readonly kind: 'dropTable'; readonly table: string };

export type ZeroDowntimeOperationKind = ZeroDowntimeOperation['kind'];
