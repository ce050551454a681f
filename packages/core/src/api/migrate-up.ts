import type { BackfillProgress } from '../adapter/zero-downtime-support';
import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { type CapturedQuery, captureSql } from '../runner/capture-sql';
import { loadMigration } from '../runner/load-migration';
import { listMigrationFiles } from '../runner/migration-files';
import type { MigrationRecord } from '../runner/migration-state';
import { stepsOf } from '../runner/loaded-steps';
import { type MigrationRun, applyPending, pendingInOrder } from '../runner/migrate';
import { readExistingRunnerState } from './existing-runner-state';
import { runnerContext } from './runner-context';
import { withDatabase, withMigrationLock } from './open-database';
import { resolveTarget } from './resolve-target';

export interface MigrateUpOptions {
  /** A version id or a migration file: apply through it and stop. */
  readonly to?: string;
  /** Print the SQL, change nothing. */
  readonly dryRun?: boolean;
  /** Told about what does not stop the run: a migration applied out of order, one resumed after a failure. */
  readonly onWarning?: (message: string) => void;
  /** Told after each batch of a zero-downtime backfill. */
  readonly onProgress?: (migration: string, progress: BackfillProgress) => void;
}

export interface PlannedRun {
  readonly name: string;
  readonly sql: readonly CapturedQuery[];
  /** A document database (MongoDB): the driver commands, one line each in mongosh syntax (`sql` is empty). */
  readonly commands?: readonly string[];
}

export interface MigrateUpResult {
  readonly applied: readonly MigrationRun[];
  /** Dry run: what would run, with its SQL. */
  readonly planned?: readonly PlannedRun[];
}

/**
 * `migrate:up`: applies pending migrations in version order, each in its own transaction where the database
 * allows, and finishes one that an earlier run left half-applied.
 */
export async function migrateUp(config: ResolvedConfig, options: MigrateUpOptions = {}): Promise<MigrateUpResult> {
  if (config.family === 'document') return (await import('./document-migrate')).migrateUpOnDocument(config, options);
  return migrateUpOnSql(config, options);
}

async function migrateUpOnSql(config: SqlConfig, options: MigrateUpOptions): Promise<MigrateUpResult> {
  const files = listMigrationFiles(config.directory);
  const through = options.to ? resolveTarget(files, options.to, config).name : undefined;
  if (!options.dryRun) {
    return withDatabase(config, (db) =>
      withMigrationLock(config, db, async () => ({
        applied: await applyPending(runnerContext(config, db, files, options.onWarning, options.onProgress), { through }),
      })),
    );
  }
  const { records } = await readExistingRunnerState(config, files);
  const pending = pendingInOrder(records);
  const stop = through ? pending.findIndex((r) => r.name === through) : pending.length - 1;
  return { applied: [], planned: await previewRuns(config, pending.slice(0, stop + 1), 'up') };
}

/**
 * The SQL each migration's `up` or `down` would run, captured without touching the database: the steps still
 * to run, for a migration that failed half-way (or was killed: from the step it was killed in, whole).
 */
export async function previewRuns(
  config: SqlConfig,
  records: readonly Pick<MigrationRecord, 'name' | 'file' | 'partial' | 'interrupted'>[],
  direction: 'up' | 'down',
): Promise<PlannedRun[]> {
  const planned: PlannedRun[] = [];
  for (const record of records) {
    const steps = stepsOf(await loadMigration(record.file!), record.name);
    const inEffect = record.partial?.stepsApplied ?? record.interrupted?.stepsApplied ?? (direction === 'up' ? 0 : steps.length);
    const toRun = direction === 'up' ? steps.slice(inEffect) : steps.slice(0, inEffect).reverse();
    const sql = await captureSql(config.adapter, config.connection, async (db) => {
      for (const step of toRun) await (direction === 'up' ? step.up(db) : step.down?.(db));
    });
    planned.push({ name: record.name, sql });
  }
  return planned;
}
