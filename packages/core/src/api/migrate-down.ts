import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { GatiError, UsageError } from '../errors';
import { listMigrationFiles } from '../runner/migration-files';
import { type MigrationRun, readMigrationRecords, rollBack, rollBackOrder } from '../runner/migrate';
import { type PlannedRun, previewRuns } from './migrate-up';
import { runnerContext } from './runner-context';
import { withDatabase, withMigrationLock } from './open-database';
import { resolveTarget } from './resolve-target';

export interface MigrateDownOptions {
  /** Roll back until this version or file is the last one applied (it stays applied). */
  readonly to?: string;
  readonly steps?: number;
  readonly all?: boolean;
  readonly dryRun?: boolean;
  readonly allowDataLoss?: boolean;
}

export interface MigrateDownResult {
  readonly rolledBack: readonly MigrationRun[];
  readonly planned?: readonly PlannedRun[];
}

/** `migrate:down`: rolls back the last migration, N of them, all, or back to a version (a Timescape downgrade). */
export async function migrateDown(config: ResolvedConfig, options: MigrateDownOptions = {}): Promise<MigrateDownResult> {
  checkDownOptions(options);
  if (config.family === 'document') return (await import('./document-migrate')).migrateDownOnDocument(config, options);
  return migrateDownOnSql(config, options);
}

/** One of `--to`, `--steps` and `--all`; `--steps` a whole number of at least 1. */
function checkDownOptions(options: MigrateDownOptions): void {
  const chosen = [options.to !== undefined, options.steps !== undefined, options.all === true].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('Use one of --to, --steps and --all.');
  if (options.steps !== undefined && (!Number.isInteger(options.steps) || options.steps < 1)) {
    throw new UsageError(`--steps must be a whole number of at least 1, not ${options.steps}.`);
  }
}

async function migrateDownOnSql(config: SqlConfig, options: MigrateDownOptions): Promise<MigrateDownResult> {
  const files = listMigrationFiles(config.directory);
  const keep = options.all ? null : options.to !== undefined ? resolveTarget(files, options.to, config).name : undefined;
  const count = keep === undefined ? (options.steps ?? 1) : undefined;
  return withDatabase(config, async (db) => {
    const ctx = runnerContext(config, db, files);
    const check = async () => {
      const records = await readMigrationRecords(db, ctx);
      if (typeof keep === 'string' && !records.some((r) => r.name === keep && r.appliedAt !== undefined)) {
        throw new GatiError('TARGET_NOT_APPLIED', `--to ${options.to}: ${keep} is not applied, so there is nothing to roll back to.`);
      }
      return records;
    };
    if (options.dryRun) {
      const toRollBack = rollBackOrder(await check(), { count, keep });
      const gone = toRollBack.find((r) => !r.file);
      if (gone) throw new GatiError('MIGRATION_MISSING', `Cannot roll back ${gone.name}: its file is missing.`);
      return { rolledBack: [], planned: await previewRuns(config, toRollBack, 'down') };
    }
    return withMigrationLock(config, db, async () => {
      await check();
      return { rolledBack: await rollBack(ctx, { count, keep, allowDataLoss: options.allowDataLoss }) };
    });
  });
}
