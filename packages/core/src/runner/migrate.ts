import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { DecisionRequiredError, GatiError, MigrationFailedError } from '../errors';
import { FileMigrationProvider, type MigrationHooks } from './file-migration-provider';
import { readAppliedMigrations } from './history-table';
import type { MigrationFile } from './migration-files';

export interface RunnerContext {
  readonly db: Kysely<any>;
  readonly tableName: string;
  readonly files: readonly MigrationFile[];
  /** Run around each migration inside its transaction (Adapter.beforeMigration, Adapter.checkIntegrity). */
  readonly hooks?: MigrationHooks;
  /** Retrying a migration whose lock timed out (its transaction rolled back, so running it again is safe). */
  readonly retry?: RetryPolicy;
}

export interface RetryPolicy {
  readonly retries: number;
  readonly isRetryable: (error: unknown) => boolean;
  /** First wait; each further one doubles (with jitter), up to 8 s. */
  readonly baseDelayMs?: number;
  /** Told about each retry, for the user to see why it is slow. */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
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
  const provider = new FileMigrationProvider(ctx.files, ctx.hooks);
  const migrator = createMigrator(ctx, provider);
  const runs: MigrationRun[] = [];
  for (;;) {
    const started = performance.now();
    const result = await step(() => migrator.migrateUp(), 'up', ctx.retry);
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
  const provider = new FileMigrationProvider(ctx.files, ctx.hooks);
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
    await step(() => migrator.migrateDown(), 'down', ctx.retry);
    runs.push({ name: last.name, direction: 'down', durationMs: performance.now() - started });
  }
}

/**
 * Runs one Migrator call and turns its error result into a MigrationFailedError naming the migration. A lock
 * timeout is retried with exponential backoff while the policy allows.
 */
async function step(run: () => Promise<MigrationResultSet>, direction: 'up' | 'down', retry?: RetryPolicy): Promise<MigrationResultSet> {
  for (let attempt = 1; ; attempt++) {
    let result: MigrationResultSet;
    try {
      result = await run();
    } catch (error) {
      throw asRunnerError(error);
    }
    if (result.error === undefined) return result;
    if (retry && attempt <= retry.retries && retry.isRetryable(result.error)) {
      const delay = Math.min(8_000, (retry.baseDelayMs ?? 250) * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      retry.onRetry?.(attempt, delay, result.error);
      await new Promise((resolve) => setTimeout(resolve, delay));
      continue;
    }
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown migration)';
    throw new MigrationFailedError(failed, direction, result.error);
  }
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
