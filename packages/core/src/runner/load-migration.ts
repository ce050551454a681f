import path from 'node:path';
import { loadUserModule } from '../config/module-loader';
import { GatiError, describeCause } from '../errors';
import type { MigrationDefinition } from '../migration/define-migration';
import type { MigrationFile } from './migration-files';

/** Imports a migration file and checks that it is one: a default export with a version and an `up`. */
export async function loadMigration(migration: MigrationFile): Promise<MigrationDefinition> {
  let loaded: unknown;
  try {
    loaded = await loadUserModule<unknown>(migration.file);
  } catch (cause) {
    throw new GatiError('MIGRATION_INVALID', `Cannot load migration ${path.basename(migration.file)}: ${describeCause(cause)}`, {
      cause,
    });
  }
  const definition = loaded as Partial<MigrationDefinition> | undefined;
  if (!definition || typeof definition.up !== 'function' || typeof definition.version !== 'string') {
    throw new GatiError(
      'MIGRATION_INVALID',
      `${path.basename(migration.file)} is not a migration: it must export default defineMigration({ version, up, down }).`,
    );
  }
  return definition as MigrationDefinition;
}
