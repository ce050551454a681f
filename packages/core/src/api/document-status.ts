import type { DocumentConfig } from '../config/resolved-config';
import { readDocumentState } from '../runner/document/document-runner';
import { listMigrationFiles } from '../runner/migration-files';
import type { MigrationState } from '../runner/migration-state';
import { markInterruptedRuns } from '../runner/run-history';
import { withDocumentConnection } from './document-database';
import { type StatusOptions, type StatusReport, statusEntry } from './migration-status';
import { NotSupportedError } from '../errors';

/** `migrate:status` on a document database: the same report as on SQL, read from the history documents. */
export async function migrationStatusOnDocument(config: DocumentConfig, options: StatusOptions): Promise<StatusReport> {
  if (options.drift)
    throw new NotSupportedError(`migrate:status --drift is not available on ${config.adapter.name}: it works on SQL databases only.`);
  const files = listMigrationFiles(config.directory);
  const { records, history, lockHeld } = await withDocumentConnection(config, async (connection) => {
    const state = await readDocumentState(connection, files);
    const running = state.records.some((r) => r.lastRun?.outcome === 'running');
    return { ...state, lockHeld: running && (await connection.lockHeld()) };
  });
  // A run still `running` while a deployer holds the lock is going on now, not dead.
  const entries = records.map((record) => {
    const entry = statusEntry(record);
    if (!lockHeld || !entry.failure || record.lastRun?.outcome !== 'running') return entry;
    return { ...entry, failure: { ...entry.failure, error: 'the run is still going on: a deployer holds the migration lock' } };
  });
  const counts: Record<MigrationState, number> = { applied: 0, pending: 0, failed: 0, unknown: 0, modified: 0, missing: 0 };
  for (const entry of entries) counts[entry.state] += 1;
  return {
    migrations: entries,
    counts,
    needsAttention: entries.some((e) => e.state !== 'applied'),
    lockHeld,
    history: markInterruptedRuns(history),
  };
}
