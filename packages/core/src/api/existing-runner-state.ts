import type { ResolvedConfig } from '../config/resolved-config';
import type { MigrationFile } from '../runner/migration-files';
import { migrationRecords } from '../runner/migration-state';
import { readRunnerState } from '../runner/migrate';
import { withExistingDatabase } from './open-database';
import { runnerContext } from './runner-context';

/**
 * The runner's state (every migration with its state, and every run) for reads that must create nothing: a
 * database that does not exist yet (a SQLite file not made) reads as nothing applied and no runs.
 */
export async function readExistingRunnerState(
  config: ResolvedConfig,
  files: readonly MigrationFile[],
): Promise<Awaited<ReturnType<typeof readRunnerState>>> {
  const state = await withExistingDatabase(config, undefined, (db) => readRunnerState(db, runnerContext(config, db, files)));
  return state ?? { records: migrationRecords(files, [], []), history: [], phases: [] };
}
