import type { Kysely } from 'kysely';

/** What a migration file exports (as default). */
export interface MigrationDefinition<Before = any, After = any> {
  /** ISO 8601 UTC timestamp (`2024-01-15T10:00:00Z`) or Timescape id (`tsv:1705312800-products-001`). */
  readonly version: string;
  readonly up: (db: Kysely<Before>) => Promise<void>;
  readonly down?: (db: Kysely<After>) => Promise<void>;
  /**
   * Where running this migration loses data, one reason per step. `migrate:down` refuses a migration whose
   * `down` loses data unless `--allow-data-loss` is given.
   */
  readonly dataLoss?: { readonly up?: readonly string[]; readonly down?: readonly string[] };
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
 */
export function defineMigration<Before = any, After = any>(
  migration: MigrationDefinition<Before, After>,
): MigrationDefinition<Before, After> {
  return migration;
}
