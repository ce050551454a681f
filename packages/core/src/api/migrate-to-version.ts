import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { compareCodePoints } from '../model';
import { listMigrationFiles } from '../runner/migration-files';
import { readMigrationRecords } from '../runner/migrate';
import { migrateDown } from './migrate-down';
import { migrateUp } from './migrate-up';
import { withDatabase } from './open-database';
import { resolveTarget } from './resolve-target';
import { runnerContext } from './runner-context';

/**
 * Brings the database to a version, up or down: what a Gati deploy hook calls when it switches the active
 * Timescape version.
 *
 * @example
 * await migrateToVersion(await loadConfig(), 'tsv:1705312800-products-001');
 */
export async function migrateToVersion(config: ResolvedConfig, version: string): Promise<{ direction: 'up' | 'down' | 'none' }> {
  if (config.family === 'document') return (await import('./document-migrate')).migrateToVersionOnDocument(config, version);
  return migrateToVersionOnSql(config, version);
}

async function migrateToVersionOnSql(config: SqlConfig, version: string): Promise<{ direction: 'up' | 'down' | 'none' }> {
  const files = listMigrationFiles(config.directory);
  const target = resolveTarget(files, version, config);
  const records = await withDatabase(config, (db) => readMigrationRecords(db, runnerContext(config, db, files)));
  const applied = records.filter((r) => r.appliedAt !== undefined).sort((a, b) => compareCodePoints(a.appliedAt!, b.appliedAt!));
  if (!applied.some((r) => r.name === target.name)) {
    await migrateUp(config, { to: target.name });
    return { direction: 'up' };
  }
  const halfApplied = records.some((r) => (r.state === 'failed' && r.partial) || r.state === 'unknown');
  if (applied[applied.length - 1]?.name === target.name && !halfApplied) return { direction: 'none' };
  await migrateDown(config, { to: target.name });
  return { direction: 'down' };
}
