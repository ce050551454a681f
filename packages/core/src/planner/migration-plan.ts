import type { TableModel } from '../model';
import type { Action } from './action';
import type { ZeroDowntimeSketch } from './zero-downtime-actions';

/**
 * `data-loss`: the action deletes or cannot keep data; `table-rewrite`: it copies every row; `long-lock`: it holds
 * a lock that blocks the application while it works through the table; `non-transactional`: it runs outside a
 * transaction; `backfill`: it writes a value into rows that exist; `may-fail`: it fails on some data; `unchecked`: it
 * adds a constraint again without checking the rows (they were checked when it was first added).
 */
export type FindingKind = 'data-loss' | 'table-rewrite' | 'long-lock' | 'non-transactional' | 'backfill' | 'may-fail' | 'unchecked';

/** A lint finding about an action: printed by `generate`, written into the file as a comment. */
export interface Finding {
  readonly kind: FindingKind;
  readonly message: string;
}

/**
 * An action as the plan holds it: what a reviewer should know about it (its findings), and where it comes from.
 *
 * The way from the diff to the database: an `Operation` (diff) is planned as one or more `PlannedAction`s; where
 * a migration file is written as steps, the actions are grouped into `PlannedMigrationStep`s, each written as a
 * `MigrationStep` of the file; the runner loads each as a `LoadedStep` and runs it.
 */
export interface PlannedAction {
  readonly action: Action;
  readonly findings: readonly Finding[];
  /**
   * Which operation of the direction's list the action comes from (a rebuild folding several: the first), so
   * that a migration can be cut into steps that each pair an operation's up with its down.
   */
  readonly operation: number;
  /**
   * An action moved to the start (`first`) or the end (`last`) of its direction, away from its operation's
   * place: the widening and narrowing of a named enum type. A migration made of steps pairs an up's `first` part
   * with the down's `last` part of the same operation, and the other way round.
   */
  readonly phase?: 'first' | 'last';
}

/** The actions of one migration, both directions. */
export interface MigrationPlan {
  readonly up: readonly PlannedAction[];
  readonly down: readonly PlannedAction[];
  /** How many operations each direction has (PlannedAction.operation counts them). */
  readonly operationCount: number;
  /** Tables (by name) whose row types the migration file declares for its typed `db`. */
  readonly touchedTables: { readonly before: readonly TableModel[]; readonly after: readonly TableModel[] };
  /** The up as zero-downtime phases, when asked for (`generate --zero-downtime`) and the adapter runs them. */
  readonly zeroDowntime?: ZeroDowntimeSketch;
}

/** The messages of the findings of `kind` among `actions`, in order. */
export function findingsOf(actions: readonly PlannedAction[], kind: FindingKind): string[] {
  return actions.flatMap((planned) => planned.findings.filter((f) => f.kind === kind).map((f) => f.message));
}
