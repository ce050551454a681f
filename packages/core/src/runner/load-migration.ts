import path from 'node:path';
import { loadUserModule } from '../config/module-loader';
import { GatiError, describeCause } from '../errors';
import type { MigrationDefinition } from '../migration/define-migration';
import type { MigrationFile } from './migration-files';
import { migrationShapeProblem } from './loaded-steps';

/** Imports a migration file and checks that it is one: a default export with a version and `up` or `steps`. */
export async function loadMigration(migration: MigrationFile): Promise<MigrationDefinition> {
  let loaded: unknown;
  try {
    loaded = await loadUserModule<unknown>(migration.file);
  } catch (cause) {
    throw new GatiError('MIGRATION_INVALID', `Cannot load migration ${path.basename(migration.file)}: ${describeCause(cause)}`, {
      cause,
    });
  }
  const problem = migrationShapeProblem(loaded as Partial<MigrationDefinition> | undefined);
  if (problem) {
    throw new GatiError(
      'MIGRATION_INVALID',
      `${path.basename(migration.file)} is not a migration: ${problem} (export default defineMigration({ version, up, down })).`,
    );
  }
  return loaded as MigrationDefinition;
}
