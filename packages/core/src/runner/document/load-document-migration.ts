import path from 'node:path';
import { GatiError } from '../../errors';
import { type DocumentMigrationDefinition, isDocumentMigration } from '../../migration/define-document-migration';
import { importMigrationModule } from '../load-migration';
import type { MigrationFile } from '../migration-files';

/**
 * Imports a migration file of a document-database project and checks that it is a document migration
 * (`defineMongoMigration`): a version and a non-empty list of named steps, each with an `up`. A SQL migration
 * (`defineMigration`) is refused with MIGRATION_INVALID.
 */
export async function loadDocumentMigration(migration: MigrationFile, adapterName: string): Promise<DocumentMigrationDefinition> {
  const loaded = await importMigrationModule(migration);
  const file = path.basename(migration.file);
  if (!isDocumentMigration(loaded)) {
    const sql = typeof loaded === 'object' && loaded !== null && ('up' in loaded || 'steps' in loaded);
    throw new GatiError(
      'MIGRATION_INVALID',
      sql
        ? `${file} is a SQL migration (defineMigration), but this project's database is ${adapterName}: write it with defineMongoMigration.`
        : `${file} is not a migration: it must export default defineMongoMigration({ version, steps }).`,
    );
  }
  const problem = documentShapeProblem(loaded);
  if (problem) throw new GatiError('MIGRATION_INVALID', `${file} is not a valid migration: ${problem}.`);
  return loaded;
}

/** What is wrong with a document migration's shape, or undefined. */
export function documentShapeProblem(definition: DocumentMigrationDefinition): string | undefined {
  if (typeof definition.version !== 'string') return 'its default export has no version string';
  if (!Array.isArray(definition.steps) || definition.steps.length === 0) return 'its steps must be a non-empty array';
  const bad = definition.steps.findIndex(
    (s) => !s || typeof s.name !== 'string' || typeof s.up !== 'function' || (s.down !== undefined && typeof s.down !== 'function'),
  );
  if (bad !== -1) return `its step ${bad + 1} needs a name, an up function and (optionally) a down function`;
  return undefined;
}
