import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/resolved-config';
import type { MigrationFile } from '../runner/migration-files';
import type { RunnerContext } from '../runner/migrate';

/** What the runner needs from the configuration, for one open database. */
export function runnerContext(config: ResolvedConfig, db: Kysely<any>, files: readonly MigrationFile[]): RunnerContext {
  const { adapter } = config;
  return {
    db,
    tableName: config.tableName,
    files,
    hooks: {
      before: adapter.beforeMigration ? (trx) => adapter.beforeMigration!(trx, { lockTimeoutMs: config.lockTimeoutMs }) : undefined,
      after: adapter.checkIntegrity ? (trx) => adapter.checkIntegrity!(trx) : undefined,
    },
    retry: adapter.isLockTimeout
      ? {
          retries: config.lockRetries,
          isRetryable: (error) => adapter.isLockTimeout!(error),
          onRetry: (attempt, delayMs) =>
            process.stderr.write(
              `A table lock was not granted within ${config.lockTimeoutMs} ms (a long transaction holds it); retry ${attempt} of ${config.lockRetries} in ${Math.round(delayMs)} ms.\n`,
            ),
        }
      : undefined,
  };
}
