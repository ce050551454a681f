import type { SqlConfig } from '../config/resolved-config';
import { readRunnerState } from '../runner/migrate';
import { listMigrationFiles } from '../runner/migration-files';
import { openDatabase } from './open-database';
import { runnerContext } from './runner-context';
import { driftOf } from './schema-drift';
import { openPhase } from '../runner/zero-downtime-phases';

/** How long `generate` waits for the database before it goes on without checking it. */
export const DATABASE_CHECK_TIMEOUT_MS = 3000;

/**
 * What `generate` says about the database it can reach, one line each, never an error: earlier migrations
 * that are pending or failed there, and drift (the database differs from the snapshot of its last applied
 * migration, which the new migration builds on). `generate` needs no server: a database that does not exist
 * yet, cannot be reached, or does not answer within {@link DATABASE_CHECK_TIMEOUT_MS} gives no warning. `ignore`:
 * the migration `generate` has just written.
 */
export async function databaseWarnings(
  config: SqlConfig,
  options: { readonly ignore?: string; readonly timeoutMs?: number } = {},
): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? DATABASE_CHECK_TIMEOUT_MS;
  if (config.adapter.exists && !config.adapter.exists(config.connection)) return [];
  let abandoned = false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => {
      abandoned = true;
      resolve([]);
    }, timeoutMs);
  });
  const check = (async (): Promise<string[]> => {
    const db = await openDatabase(config);
    try {
      if (abandoned) return [];
      const files = listMigrationFiles(config.directory);
      // The migration generate has just written is pending, and no news.
      const { records, phases } = await readRunnerState(
        db,
        runnerContext(
          config,
          db,
          files.filter((f) => f.name !== options.ignore),
        ),
      );
      const warnings: string[] = [];
      const open = openPhase(phases);
      const pending = records.filter((r) => r.state === 'pending' && r.name !== open?.name).map((r) => r.name);
      if (open) {
        warnings.push(
          `${open.name} is ${open.phase} (zero-downtime) on ${config.adapter.describeTarget(config.connection)}: this migration waits until gati migrate:complete (or migrate:rollback).`,
        );
      }
      if (pending.length > 0) {
        warnings.push(
          `${pending.length === 1 ? `${pending[0]} is` : `${pending.length} earlier migrations are`} pending: not applied to ${config.adapter.describeTarget(config.connection)} yet` +
            `${pending.length === 1 ? '; gati migrate:up applies it.' : ` (${pending.join(', ')}); gati migrate:up applies them.`}`,
        );
      }
      for (const failed of records.filter((r) => r.state === 'failed')) {
        const run = failed.lastRun;
        const error = run?.error ? `: ${run.error.split('\n')[0]}` : '';
        warnings.push(
          `${failed.name} failed (its last ${run?.direction ?? 'run'}${error}); gati migrate:status says where, fix it and run gati migrate:up.`,
        );
      }
      if (abandoned || open) return warnings;
      const drift = await driftOf(config, db, records);
      if (drift.drifted) {
        const [first, ...more] = drift.differences;
        warnings.push(
          `the database has drifted from ${drift.snapshot ? `the snapshot of ${drift.snapshot}` : 'its migrations'}, which generate builds on: ${first!.message}` +
            `${more.length > 0 ? `; and ${more.length} more` : ''}. gati migrate:status --drift lists them; gati migrate:snapshot records the database as it is.`,
        );
      }
      return warnings;
    } finally {
      await db.destroy();
    }
  })().catch(() => []);
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
