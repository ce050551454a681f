import type { DocumentConfig } from '../config/resolved-config';
import { readDocumentState } from '../runner/document/document-runner';
import { listMigrationFiles } from '../runner/migration-files';
import { withDocumentConnection } from './document-database';
import { type StatusOptions, type StatusReport, statusEntry, statusReport } from './migration-status';
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
  return statusReport(entries, lockHeld, history);
}
