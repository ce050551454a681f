import path from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { listMigrationFiles } from '../runner/migration-files';
import { migrationVersion, nextMigrationName, readTimescapeRegistry } from '../version';
import { type RegistryRecord, recordInRegistry } from './record-in-registry';
import { writeFilesAtomically } from './write-files';

export interface CreateResult {
  readonly name: string;
  readonly file: string;
  readonly version: string;
  /** In a project with a Timescape registry: whether the migration became its version's `dbSchemaVersion`. */
  readonly registry?: RegistryRecord;
}

/**
 * `migrate:create NAME`: an empty, typed migration from the template, for changes the generator cannot see. Its
 * version defaults as `generate`'s does, and it is recorded in the Timescape registry the same way: the last
 * migration of a version is the one that brings the database to that version's schema.
 */
export async function createMigration(
  config: ResolvedConfig,
  options: { name: string; version?: string; now?: Date },
): Promise<CreateResult> {
  if (config.family === 'document') return createMigrationFile(config, options);
  return createMigrationFile(requireSqlConfig(config, 'migrate:create'), options);
}

async function createMigrationFile(config: ResolvedConfig, options: { name: string; version?: string; now?: Date }): Promise<CreateResult> {
  const now = options.now ?? new Date();
  const registry = readTimescapeRegistry(config.root);
  const version = migrationVersion(registry, options.version, now);
  const name = nextMigrationName(
    options.name,
    now,
    listMigrationFiles(config.directory).map((f) => f.name),
  );
  const file = path.join(config.directory, `${name}.ts`);
  const { renderEmptyDocumentMigration, renderEmptyMigration } = await import('../emitter');
  const text =
    config.family === 'document'
      ? await renderEmptyDocumentMigration(config.adapter.migrationTemplates, version, file)
      : await renderEmptyMigration(version, file);
  writeFilesAtomically([{ file, text }]);
  const recorded = recordInRegistry(registry, { name, version, written: [file] });
  return { name, file, version, ...(recorded ? { registry: recorded } : {}) };
}
