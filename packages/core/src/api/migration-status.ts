import type { ResolvedConfig } from '../config/resolved-config';
import { readAppliedMigrations } from '../runner/history-table';
import { listMigrationFiles, readDeclaredVersion } from '../runner/migration-files';
import { withExistingDatabase } from './open-database';

export type MigrationState = 'applied' | 'pending' | 'missing';

export interface MigrationStatusEntry {
  readonly name: string;
  readonly version?: string;
  readonly state: MigrationState;
  /** ISO timestamp of when it was applied. */
  readonly appliedAt?: string;
  readonly file?: string;
}

export interface StatusReport {
  readonly migrations: readonly MigrationStatusEntry[];
  readonly counts: Readonly<Record<MigrationState, number>>;
  /** True when something is pending or missing: what `--check` fails on. */
  readonly needsAttention: boolean;
}

/** `migrate:status`: every migration file and every applied migration, without importing any migration. */
export async function migrationStatus(config: ResolvedConfig): Promise<StatusReport> {
  const files = listMigrationFiles(config.directory);
  const applied = await withExistingDatabase(config, [], (db) => readAppliedMigrations(db, config.tableName));
  const appliedByName = new Map(applied.map((row) => [row.name, row]));
  const entries: MigrationStatusEntry[] = files.map((f) => {
    const row = appliedByName.get(f.name);
    return { name: f.name, file: f.file, version: readDeclaredVersion(f.file), state: row ? 'applied' : 'pending', appliedAt: row?.appliedAt };
  });
  for (const row of applied) {
    if (!files.some((f) => f.name === row.name)) entries.push({ name: row.name, state: 'missing', appliedAt: row.appliedAt });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const counts = { applied: 0, pending: 0, missing: 0 };
  for (const entry of entries) counts[entry.state] += 1;
  return { migrations: entries, counts, needsAttention: counts.pending + counts.missing > 0 };
}
