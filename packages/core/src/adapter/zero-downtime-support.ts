import type { Kysely } from 'kysely';
import type { ZeroDowntimePlan } from '../migration/zero-downtime';

/**
 * What an adapter that runs zero-downtime migrations brings (PostgreSQL today): the statements of each phase,
 * derived from a migration's declarative operations. The core decides when each phase runs, records it in the
 * history and holds the lock; the adapter owns every statement.
 *
 * Every phase can be run again after a crash: expand skips what exists already and resumes the backfill from the
 * position it was given; contract and rollback run in one transaction each.
 */
export interface ZeroDowntimeSupport {
  expand(db: Kysely<any>, migration: ZeroDowntimeMigration, progress: BackfillReporter): Promise<void>;
  /** What stops a contract now (a converted column that is NULL where the new one is NOT NULL): empty when none. */
  contractBlockers(db: Kysely<any>, migration: ZeroDowntimeMigration): Promise<string[]>;
  /**
   * Runs before the contract's transaction, once its checks passed: what proves the contract's changes without
   * blocking writes (PostgreSQL: a `CHECK … NOT VALID` on each converted column that becomes NOT NULL, validated,
   * so that the contract's SET NOT NULL scans nothing). Optional.
   */
  prepareContract?(db: Kysely<any>, migration: ZeroDowntimeMigration): Promise<void>;
  contract(db: Kysely<any>, migration: ZeroDowntimeMigration): Promise<void>;
  /** Drops what the operations' expand created (in a transaction); the runner then runs the plan's own `rollback`. */
  rollback(db: Kysely<any>, migration: ZeroDowntimeMigration): Promise<void>;
  /**
   * Before plain (not zero-downtime) migrations run: drops the views of every version schema, whose columns
   * would otherwise block a change to the tables (PostgreSQL refuses to alter or drop a column a view uses).
   * Returns whether any version schema exists, so that the runner refreshes them after.
   */
  releaseVersionViews(db: Kysely<any>): Promise<boolean>;
  /**
   * After plain migrations: every version schema but `except` (an open expand's, whose views map its columns) gets
   * views of the tables as they are now, one to one (what a completed version's views are).
   */
  refreshVersionViews(db: Kysely<any>, options: { readonly except?: string; readonly runnerTables: readonly string[] }): Promise<void>;
  /** Drops a version's schema of views: `migrate:down` of a completed zero-downtime migration, before its down. */
  dropVersionSchema(db: Kysely<any>, version: string): Promise<void>;
  /**
   * The sessions of other versions than `version` that the runtime helper marked (by `application_name`), as
   * `name (count)`: `complete` waits until the old version's are gone. Unmarked sessions cannot be told apart.
   */
  sessionsOfOtherVersions(db: Kysely<any>, version: string): Promise<string[]>;
}

/** One migration's zero-downtime phases, as the runner hands them to the adapter. */
export interface ZeroDowntimeMigration {
  readonly name: string;
  /** The migration's version: the new version's schema is named after it, its sessions carry it. */
  readonly version: string;
  readonly plan: ZeroDowntimePlan;
  /** The runner's own tables, which no version schema shows. */
  readonly runnerTables: readonly string[];
  /** Rows per backfill batch (one short transaction each) and the pause between batches. */
  readonly backfill: { readonly batchSize: number; readonly pauseMs: number };
  /** Where an earlier, interrupted expand stopped, per table: the last key its backfill finished (JSON), and how many rows it had done. */
  readonly resumeFrom: Readonly<Record<string, { readonly lastKey: string; readonly done: number }>>;
}

/** Told after each backfill batch: the table, the last key done (JSON, to resume from), rows done and to do. */
export type BackfillReporter = (progress: BackfillProgress) => Promise<void>;

export interface BackfillProgress {
  readonly table: string;
  readonly lastKey: string;
  readonly done: number;
  readonly total: number;
}
