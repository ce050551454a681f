import path from 'node:path';
import { loadUserModule } from '../config/module-loader';
import { GatiError, describeCause } from '../errors';
import { isDocumentMigration } from '../migration/define-document-migration';
import type { MigrationDefinition } from '../migration/define-migration';
import type { MigrationFile } from './migration-files';
import { migrationShapeProblem } from './loaded-steps';

/** Imports a migration file and checks that it is one: a default export with a version and `up` or `steps`. */
export async function loadMigration(migration: MigrationFile): Promise<MigrationDefinition> {
  const loaded = await importMigrationModule(migration);
  if (isDocumentMigration(loaded)) {
    throw new GatiError(
      'MIGRATION_INVALID',
      `${path.basename(migration.file)} is a document (MongoDB) migration, made with defineMongoMigration, but this project's database is a SQL one: write it with defineMigration.`,
    );
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

/** Imports a migration file (jiti: TypeScript as it is) and returns its default export, unchecked. */
export async function importMigrationModule(migration: MigrationFile): Promise<unknown> {
  try {
    return await loadUserModule<unknown>(migration.file);
  } catch (cause) {
    throw new GatiError('MIGRATION_INVALID', `Cannot load migration ${path.basename(migration.file)}: ${describeCause(cause)}`, {
      cause,
    });
  }
}
