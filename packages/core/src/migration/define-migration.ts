import type { Kysely } from 'kysely';
import type { ZeroDowntimePlan } from './zero-downtime';

/**
 * One step of a migration: a change and what undoes it. A migration is a list of steps where it cannot run as
 * one transaction: on MySQL, whose DDL commits statement by statement, the runner records each step as it
 * completes, so a failure leaves a state `migrate:status` names exactly and that `migrate:up` finishes or
 * `migrate:down` rolls back; on PostgreSQL a step with `transaction: false` (CREATE INDEX CONCURRENTLY, ALTER
 * TYPE … ADD VALUE) runs between transactions.
 */
export interface MigrationStep<Before = any, After = any> {
  /** What the step does, in a few words: `add column users.email`. Status and errors name it. */
  readonly name: string;
  /**
   * False: the step runs outside any transaction (the transaction before it commits first); `{ up: false }`:
   * only its up does. Default true, on a database whose DDL is transactional; elsewhere steps never run in one.
   */
  readonly transaction?: boolean | { readonly up?: boolean; readonly down?: boolean };
  readonly up: (db: Kysely<Before>) => Promise<void>;
  /** Undoes exactly this step, after it completed. Without it the migration cannot be rolled back past here. */
  readonly down?: (db: Kysely<After>) => Promise<void>;
}

/** What a migration file exports (as default): `up` and `down`, or `steps`. */
export interface MigrationDefinition<Before = any, After = any> {
  /** ISO 8601 UTC timestamp (`2024-01-15T10:00:00Z`) or Timescape id (`tsv:1705312800-products-001`). */
  readonly version: string;
  readonly up?: (db: Kysely<Before>) => Promise<void>;
  readonly down?: (db: Kysely<After>) => Promise<void>;
  /** The migration as steps, each with its own undo; instead of `up` and `down`. */
  readonly steps?: readonly MigrationStep<Before, After>[];
  /**
   * False: `up` and `down` run outside a transaction (for a statement that cannot run in one, such as
   * PostgreSQL's CREATE INDEX CONCURRENTLY). Default true where the database's DDL is transactional.
   */
  readonly transaction?: boolean;
  /**
   * Where running this migration loses data, one reason per step. `migrate:down` refuses a migration whose
   * `down` loses data unless `--allow-data-loss` is given.
   */
  readonly dataLoss?: { readonly up?: readonly string[]; readonly down?: readonly string[] };
  /**
   * The migration in two phases (expand by `migrate:up`, contract by `migrate:complete`), so that the version
   * before it and this version can be served at once (see ZeroDowntimePlan). Where the adapter cannot run
   * phases, `up` runs instead; once completed, `down` rolls it back as any other migration.
   */
  readonly zeroDowntime?: ZeroDowntimePlan<Before>;
}

/**
 * Declares a migration. Typing `db` with the tables before and after the step lets the compiler check the
 * data steps.
 *
 * @example
 * export default defineMigration({
 *   version: '2024-01-15T10:00:00Z',
 *   up: async (db) => { await db.schema.alterTable('users').addColumn('email', 'varchar(255)').execute(); },
 *   down: async (db) => { await db.schema.alterTable('users').dropColumn('email').execute(); },
 * });
 *
 * @example
 * // As steps, each undone by its own down (what the generator writes for MySQL)
 * export default defineMigration({
 *   version: '2024-01-15T10:00:00Z',
 *   steps: [
 *     {
 *       name: 'add column users.email',
 *       up: async (db) => { await db.schema.alterTable('users').addColumn('email', 'varchar(255)').execute(); },
 *       down: async (db) => { await db.schema.alterTable('users').dropColumn('email').execute(); },
 *     },
 *   ],
 * });
 */
export function defineMigration<Before = any, After = any>(
  migration: MigrationDefinition<Before, After>,
): MigrationDefinition<Before, After> {
  return migration;
}
