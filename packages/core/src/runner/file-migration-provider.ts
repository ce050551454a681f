import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { GatiError } from '../errors';
import type { MigrationDefinition } from '../migration/define-migration';
import { loadMigration } from './load-migration';
import type { MigrationFile } from './migration-files';

/**
 * Hands Kysely's Migrator the migration files of a directory. A file is imported only when its `up` or `down`
 * runs, so listing and planning never pay for compiling migrations.
 */
export class FileMigrationProvider implements MigrationProvider {
  readonly #files: readonly MigrationFile[];
  readonly #loaded = new Map<string, Promise<MigrationDefinition>>();

  readonly #afterEach?: (db: Kysely<any>) => Promise<void>;

  /** `afterEach` runs after every `up` and `down`, in the same transaction (the adapter's integrity check). */
  constructor(files: readonly MigrationFile[], afterEach?: (db: Kysely<any>) => Promise<void>) {
    this.#files = files;
    this.#afterEach = afterEach;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of this.#files) {
      migrations[file.name] = {
        up: async (db: Kysely<any>) => {
          await (await this.load(file)).up(db);
          await this.#afterEach?.(db);
        },
        down: async (db: Kysely<any>) => {
          const definition = await this.load(file);
          if (!definition.down) throw new GatiError('NO_DOWN', `Migration ${file.name} has no down step and cannot be rolled back.`);
          await definition.down(db);
          await this.#afterEach?.(db);
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
