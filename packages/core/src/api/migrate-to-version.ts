import type { ResolvedConfig } from '../config/resolved-config';
import { readAppliedMigrations } from '../runner/history-table';
import { listMigrationFiles } from '../runner/migration-files';
import { migrateDown } from './migrate-down';
import { migrateUp } from './migrate-up';
import { withDatabase } from './open-database';
import { resolveTarget } from './resolve-target';

/**
 * Brings the database to a version, up or down: what a Gati deploy hook calls when it switches the active
 * Timescape version.
 *
 * @example
 * await migrateToVersion(await loadConfig(), 'tsv:1705312800-products-001');
 */
export async function migrateToVersion(config: ResolvedConfig, version: string): Promise<{ direction: 'up' | 'down' | 'none' }> {
  const target = resolveTarget(listMigrationFiles(config.directory), version, config);
  const applied = await withDatabase(config, (db) => readAppliedMigrations(db, config.tableName));
  if (!applied.some((m) => m.name === target.name)) {
    await migrateUp(config, { to: target.name });
    return { direction: 'up' };
  }
  if (applied[applied.length - 1]?.name === target.name) return { direction: 'none' };
  await migrateDown(config, { to: target.name });
  return { direction: 'down' };
}
