import type { Kysely } from 'kysely';
import type { BackfillProgress } from '../adapter/zero-downtime-support';
import type { SqlConfig } from '../config/resolved-config';
import type { MigrationFile } from '../runner/migration-files';
import type { RunnerContext } from '../runner/migrate';
import { tableExistsByIntrospection } from '../runner/runner-tables';
import { fileFactsCachePath } from '../runner/file-facts';
import { statementTrackerOf } from './open-database';
import { TOOL_VERSION } from './tool-version';
import { describeCause } from '../errors';

function firstLine(error: unknown): string {
  return describeCause(error).split('\n')[0]!;
}

/** What the runner needs from the configuration, for one open database. */
export function runnerContext(
  config: SqlConfig,
  db: Kysely<any>,
  files: readonly MigrationFile[],
  onWarning?: (message: string) => void,
  onProgress?: (migration: string, progress: BackfillProgress) => void,
): RunnerContext {
  const { adapter } = config;
  return {
    db,
    tableName: config.tableName,
    files,
    transactionalDdl: adapter.capabilities.transactionalDdl,
    writableCte: adapter.capabilities.writableCte ?? false,
    tableExists: adapter.tableExists ? (d, table) => adapter.tableExists!(d, table) : tableExistsByIntrospection,
    hooks: {
      session: adapter.prepareSession ? (db) => adapter.prepareSession!(db, { lockTimeoutMs: config.lockTimeoutMs }) : undefined,
      after: adapter.checkIntegrity ? (trx) => adapter.checkIntegrity!(trx) : undefined,
    },
    retry: adapter.isLockTimeout
      ? {
          retries: config.lockRetries,
          isRetryable: (error) => adapter.isLockTimeout!(error),
          onRetry: (attempt, delayMs, error) =>
            process.stderr.write(
              `A lock was not granted (lock timeout ${config.lockTimeoutMs} ms: a long transaction holds it, or a deadlock: ${firstLine(error)}); retry ${attempt} of ${config.lockRetries} in ${Math.round(delayMs)} ms.\n`,
            ),
        }
      : undefined,
    onWarning,
    toolVersion: TOOL_VERSION,
    tracker: statementTrackerOf(db),
    postcheck: adapter.postcheck ? (d, query) => adapter.postcheck!(d, query) : undefined,
    fileFactsCache: fileFactsCachePath(config.root),
    ...(adapter.zeroDowntime
      ? { zeroDowntime: { support: adapter.zeroDowntime, backfill: config.backfill, ...(onProgress ? { onProgress } : {}) } }
      : {}),
  };
}
