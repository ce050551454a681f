import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { DecisionRequiredError, GatiError, MigrationFailedError } from '../errors';
import { FileMigrationProvider } from './file-migration-provider';
import { readAppliedMigrations } from './history-table';
import type { MigrationFile } from './migration-files';

export interface RunnerContext {
  readonly db: Kysely<any>;
  readonly tableName: string;
  readonly files: readonly MigrationFile[];
  /** Runs after each migration inside its transaction; throwing rolls it back (see Adapter.checkIntegrity). */
  readonly checkIntegrity?: (db: Kysely<any>) => Promise<void>;
}

export interface MigrationRun {
  readonly name: string;
  readonly direction: 'up' | 'down';
  readonly durationMs: number;
}

function createMigrator(ctx: RunnerContext, provider: FileMigrationProvider): Migrator {
  return new Migrator({
    db: ctx.db,
    provider,
    migrationTableName: ctx.tableName,
    migrationLockTableName: `${ctx.tableName}_lock`,
    // Migrations written on parallel branches are applied in name (version) order, not refused.
    allowUnorderedMigrations: true,
  });
}

/**
 * Applies pending migrations one at a time, each in its own transaction where the dialect has transactional DDL
 * (one `Migrator.migrateUp()` per migration), stopping after `through` when given.
 */
export async function applyPending(ctx: RunnerContext, options: { through?: string } = {}): Promise<MigrationRun[]> {
  const provider = new FileMigrationProvider(ctx.files, ctx.checkIntegrity);
  const migrator = createMigrator(ctx, provider);
  const runs: MigrationRun[] = [];
  for (;;) {
    const started = performance.now();
    const result = await step(() => migrator.migrateUp(), 'up');
    const ran = result.results?.find((r) => r.status === 'Success');
    if (!ran) return runs;
    runs.push({ name: ran.migrationName, direction: 'up', durationMs: performance.now() - started });
    if (ran.migrationName === options.through) return runs;
  }
}

/**
 * Rolls back the most recently applied migrations, newest first, each in its own transaction: `count` of them,
 * or until `keep` is the last one applied (`keep: null` rolls back everything). A migration whose down loses
 * data is refused unless `allowDataLoss`.
 */
export async function rollBack(
  ctx: RunnerContext,
  options: { count?: number; keep?: string | null; allowDataLoss?: boolean },
): Promise<MigrationRun[]> {
  const provider = new FileMigrationProvider(ctx.files, ctx.checkIntegrity);
  const migrator = createMigrator(ctx, provider);
  const runs: MigrationRun[] = [];
  for (;;) {
    if (options.count !== undefined && runs.length >= options.count) return runs;
    const applied = await readAppliedMigrations(ctx.db, ctx.tableName);
    const last = applied[applied.length - 1];
    if (!last || (options.keep !== undefined && last.name === options.keep)) return runs;
    const file = ctx.files.find((f) => f.name === last.name);
    if (!file) throw new GatiError('MIGRATION_MISSING', `Cannot roll back ${last.name}: its file is missing from the migrations directory.`);
    const loss = (await provider.load(file)).dataLoss?.down ?? [];
    if (loss.length > 0 && !options.allowDataLoss) {
      throw new DecisionRequiredError(
        `Rolling back ${last.name} loses data (${loss.join('; ')}). Run again with --allow-data-loss to accept that.`,
      );
    }
    const started = performance.now();
    await step(() => migrator.migrateDown(), 'down');
    runs.push({ name: last.name, direction: 'down', durationMs: performance.now() - started });
  }
}

/** Runs one Migrator call and turns its error result into a MigrationFailedError naming the migration. */
async function step(run: () => Promise<MigrationResultSet>, direction: 'up' | 'down'): Promise<MigrationResultSet> {
  let result: MigrationResultSet;
  try {
    result = await run();
  } catch (error) {
    throw asRunnerError(error);
  }
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown migration)';
    throw new MigrationFailedError(failed, direction, result.error);
  }
  return result;
}

function asRunnerError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /previously executed migration (\S+) is missing/.exec(message);
  if (missing) {
    return new GatiError(
      'MIGRATION_MISSING',
      `Migration ${missing[1]} was applied but its file is missing from the migrations directory. Restore the file (see migrate:status).`,
      { cause: error },
    );
  }
  return error;
}
