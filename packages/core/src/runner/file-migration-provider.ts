import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { GatiError } from '../errors';
import type { MigrationDefinition } from '../migration/define-migration';
import { loadMigration } from './load-migration';
import type { MigrationFile } from './migration-files';

/** What runs around each migration, inside its transaction (see Adapter.beforeMigration / checkIntegrity). */
export interface MigrationHooks {
  readonly before?: (db: Kysely<any>) => Promise<void>;
  readonly after?: (db: Kysely<any>) => Promise<void>;
}

/**
 * Hands Kysely's Migrator the migration files of a directory. A file is imported only when its `up` or `down`
 * runs, so listing and planning never pay for compiling migrations.
 */
export class FileMigrationProvider implements MigrationProvider {
  readonly #files: readonly MigrationFile[];
  readonly #loaded = new Map<string, Promise<MigrationDefinition>>();

  readonly #hooks: MigrationHooks;

  /** The hooks run around every `up` and `down`, in the same transaction. */
  constructor(files: readonly MigrationFile[], hooks: MigrationHooks = {}) {
    this.#files = files;
    this.#hooks = hooks;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of this.#files) {
      migrations[file.name] = {
        up: async (db: Kysely<any>) => {
          const definition = await this.load(file);
          await this.#hooks.before?.(db);
          await definition.up(db);
          await this.#hooks.after?.(db);
        },
        down: async (db: Kysely<any>) => {
          const definition = await this.load(file);
          if (!definition.down) throw new GatiError('NO_DOWN', `Migration ${file.name} has no down step and cannot be rolled back.`);
          await this.#hooks.before?.(db);
          await definition.down(db);
          await this.#hooks.after?.(db);
        },
      };
    }
    return migrations;
  }

  load(file: MigrationFile): Promise<MigrationDefinition> {
    let loading = this.#loaded.get(file.name);
    if (!loading) {
      loading = loadMigration(file);
      this.#loaded.set(file.name, loading);
    }
    return loading;
  }
}
