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
    checkIntegrity: adapter.checkIntegrity ? (trx) => adapter.checkIntegrity!(trx) : undefined,
  };
}
