import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { compareVersions, parseVersion } from '../version/version-id';
import { readTimescapeRegistry } from '../version/timescape-registry';
import { listMigrationFiles } from '../runner/migration-files';
import { readMigrationRecords } from '../runner/migrate';
import { type PhaseContext, completeExpanded, readPhaseRows, rollBackExpanded } from '../runner/zero-downtime-run';
import { openPhase } from '../runner/zero-downtime-phases';
import { GatiError } from '../errors';
import { runnerContext } from './runner-context';
import { withDatabase, withMigrationLock } from './open-database';

export interface CompleteOptions {
  /** Contract although the old version may still be in use (its sessions, the registry); says what it overrode. */
  readonly force?: boolean;
}

export interface CompleteResult {
  readonly name: string;
  readonly durationMs: number;
  /** With `force`: the checks that would have stopped it. */
  readonly overridden: readonly string[];
}

/** `migrate:complete`: contracts the expanded zero-downtime migration (see completeExpanded). */
export async function completeMigration(config: ResolvedConfig, options: CompleteOptions = {}): Promise<CompleteResult> {
  return completeMigrationOnSql(requireSqlConfig(config, 'migrate:complete'), options);
}

async function completeMigrationOnSql(config: SqlConfig, options: CompleteOptions): Promise<CompleteResult> {
  return withPhases(config, async (ctx, db, records) => {
    const open = openPhase(await readPhaseRows(db, ctx));
    const registry = readTimescapeRegistry(config.root);
    const activeOlderVersions =
      open && registry?.activeVersions ? registry.activeVersions.filter((version) => olderThan(version, open.version)) : [];
    return completeExpanded(ctx, db, records, { activeOlderVersions, force: options.force ?? false });
  });
}

/** `migrate:rollback`: abandons the expanded zero-downtime migration (see rollBackExpanded). */
export async function rollbackMigration(config: ResolvedConfig): Promise<{ name: string; durationMs: number }> {
  return rollbackMigrationOnSql(requireSqlConfig(config, 'migrate:rollback'));
}

async function rollbackMigrationOnSql(config: SqlConfig): Promise<{ name: string; durationMs: number }> {
  return withPhases(config, (ctx, db, records) => rollBackExpanded(ctx, db, records));
}

async function withPhases<T>(
  config: SqlConfig,
  work: (
    ctx: PhaseContext,
    db: Parameters<Parameters<typeof withDatabase>[1]>[0],
    records: Awaited<ReturnType<typeof readMigrationRecords>>,
  ) => Promise<T>,
): Promise<T> {
  if (!config.adapter.zeroDowntime) {
    throw new GatiError(
      'NOTHING_EXPANDED',
      `${config.adapter.name} runs no zero-downtime phases: its migrations are applied whole by migrate:up.`,
    );
  }
  const files = listMigrationFiles(config.directory);
  return withDatabase(config, (db) =>
    withMigrationLock(config, db, async () =>
      db.connection().execute(async (conn) => {
        const ctx = runnerContext(config, conn, files);
        await ctx.hooks?.session?.(conn);
        return work(ctx as PhaseContext, conn, await readMigrationRecords(conn, ctx));
      }),
    ),
  );
}

/** Whether `version` is older than `than` (ids that do not parse are left out). */
function olderThan(version: string, than: string): boolean {
  try {
    return compareVersions(parseVersion(version), parseVersion(than)) < 0;
  } catch {
    return false;
  }
}
