import type { SqlConfig } from '../config/resolved-config';
import type { MigrationFile } from '../runner/migration-files';
import { type MigrationRecord, migrationRecords } from '../runner/migration-state';
import { readRunnerState } from '../runner/migrate';
import { migrationLockHeld, withExistingDatabase } from './open-database';
import { runnerContext } from './runner-context';

type RunnerState = Awaited<ReturnType<typeof readRunnerState>> & { readonly lockHeld: boolean };

/**
 * The runner's state (every migration with its state, and every run) for reads that must create nothing: a
 * database that does not exist yet (a SQLite file not made) reads as nothing applied and no runs. When
 * `probeLock` says so for the records read, whether a deployer holds the migration lock now (see
 * migrationLockHeld).
 */
export async function readExistingRunnerState(
  config: SqlConfig,
  files: readonly MigrationFile[],
  options: { readonly probeLock?: (records: readonly MigrationRecord[]) => boolean } = {},
): Promise<RunnerState> {
  const state = await withExistingDatabase(config, undefined, async (db) => {
    const read = await readRunnerState(db, runnerContext(config, db, files));
    const lockHeld = options.probeLock?.(read.records) ? await migrationLockHeld(config, db) : false;
    return { ...read, lockHeld };
  });
  return state ?? { records: migrationRecords(files, [], []), history: [], phases: [], lockHeld: false };
}
