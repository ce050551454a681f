import path from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config';
import { listMigrationFiles } from '../runner/migration-files';
import { nextMigrationName, parseVersion, versionForNow } from '../version';
import { writeFilesAtomically } from './write-files';

export interface CreateResult {
  readonly name: string;
  readonly file: string;
  readonly version: string;
}

/** `migrate:create NAME`: an empty, typed migration from the template, for changes the generator cannot see. */
export async function createMigration(
  config: ResolvedConfig,
  options: { name: string; version?: string; now?: Date },
): Promise<CreateResult> {
  const now = options.now ?? new Date();
  const version = options.version ?? versionForNow(now);
  parseVersion(version);
  const name = nextMigrationName(options.name, now, listMigrationFiles(config.directory).map((f) => f.name));
  const file = path.join(config.directory, `${name}.ts`);
  const { renderEmptyMigration } = await import('../emitter');
  writeFilesAtomically([{ file, text: await renderEmptyMigration(version, file) }]);
  return { name, file, version };
}
