import type { ResolvedConfig } from '../config/resolved-config';
import { type CapturedQuery, captureSql } from '../runner/capture-sql';
import { readAppliedMigrations } from '../runner/history-table';
import { loadMigration } from '../runner/load-migration';
import { type MigrationFile, listMigrationFiles } from '../runner/migration-files';
import { type MigrationRun, applyPending } from '../runner/migrate';
import { runnerContext } from './runner-context';
import { withDatabase, withExistingDatabase, withMigrationLock } from './open-database';
import { resolveTarget } from './resolve-target';

export interface MigrateUpOptions {
  /** A version id or a migration file: apply through it and stop. */
  readonly to?: string;
  /** Print the SQL, change nothing. */
  readonly dryRun?: boolean;
}

export interface PlannedRun {
  readonly name: string;
  readonly sql: readonly CapturedQuery[];
}

export interface MigrateUpResult {
  readonly applied: readonly MigrationRun[];
  /** Dry run: what would run, with its SQL. */
  readonly planned?: readonly PlannedRun[];
}

/** `migrate:up`: applies pending migrations in order, each in its own transaction where the database allows. */
export async function migrateUp(config: ResolvedConfig, options: MigrateUpOptions = {}): Promise<MigrateUpResult> {
  const files = listMigrationFiles(config.directory);
  const through = options.to ? resolveTarget(files, options.to, config).name : undefined;
  if (!options.dryRun) {
    return withMigrationLock(config, () =>
      withDatabase(config, async (db) => ({ applied: await applyPending(runnerContext(config, db, files), { through }) })),
    );
  }
  const appliedRows = await withExistingDatabase(config, [], (db) => readAppliedMigrations(db, config.tableName));
  const applied = new Set(appliedRows.map((m) => m.name));
  const pending = files.filter((f) => !applied.has(f.name));
  const stop = through ? pending.findIndex((f) => f.name === through) : pending.length - 1;
  return { applied: [], planned: await previewRuns(config, pending.slice(0, stop + 1), 'up') };
}

/** The SQL each migration's `up` or `down` would run, captured without touching the database. */
export async function previewRuns(
  config: ResolvedConfig,
  files: readonly MigrationFile[],
  direction: 'up' | 'down',
): Promise<PlannedRun[]> {
  const planned: PlannedRun[] = [];
  for (const file of files) {
    const migration = await loadMigration(file);
    const run = direction === 'up' ? migration.up : migration.down;
    planned.push({ name: file.name, sql: run ? await captureSql(config.adapter, config.connection, (db) => run(db)) : [] });
  }
  return planned;
}
