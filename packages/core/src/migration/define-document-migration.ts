/**
 * One step of a document migration (MongoDB): a change and what undoes it. A document database has no
 * transactional DDL, so the runner records each step as it completes: a failed migration resumes at its first
 * unfinished step, and a step that updates documents in batches resumes from its last batch (through the
 * context the adapter hands it).
 */
export interface DocumentMigrationStep<Db = unknown, Context = unknown> {
  /** What the step does, in a few words: `create collection users`. Status and errors name it. */
  readonly name: string;
  /**
   * True: the step may run in a transaction where the database has them (a MongoDB replica set): data steps
   * (a batched update runs each batch with its progress record in one). DDL steps (create a collection or an
   * index, change a validator) leave it out. Default false.
   */
  readonly transaction?: boolean;
  readonly up: (db: Db, context: Context) => Promise<void>;
  /** Undoes exactly this step, after it completed. Without it the migration cannot be rolled back past here. */
  readonly down?: (db: Db, context: Context) => Promise<void>;
}

/** What a document migration file exports (as default), made by the adapter's `define…Migration`. */
export interface DocumentMigrationDefinition<Db = unknown, Context = unknown> {
  /** Tells a document migration from a SQL one (`MigrationDefinition`). */
  readonly family: 'document';
  /** ISO 8601 UTC timestamp (`2024-01-15T10:00:00Z`) or Timescape id (`tsv:1705312800-products-001`). */
  readonly version: string;
  readonly steps: readonly DocumentMigrationStep<Db, Context>[];
  /** Where running this migration loses data, one reason per step (as MigrationDefinition.dataLoss). */
  readonly dataLoss?: { readonly up?: readonly string[]; readonly down?: readonly string[] };
}

/**
 * Declares a document migration for a database driver's `Db` and an adapter's step context. Adapters wrap it
 * (`defineMongoMigration` of `@gati-framework/migrations-adapters/mongodb`); users call theirs.
 */
export function defineDocumentMigration<Db, Context>(
  migration: Omit<DocumentMigrationDefinition<Db, Context>, 'family'>,
): DocumentMigrationDefinition<Db, Context> {
  return { ...migration, family: 'document' };
}

/** Whether a loaded migration module's default export is a document migration. */
export function isDocumentMigration(migration: unknown): migration is DocumentMigrationDefinition {
  return typeof migration === 'object' && migration !== null && (migration as { family?: unknown }).family === 'document';
}
