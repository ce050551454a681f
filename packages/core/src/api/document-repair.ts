import { randomUUID } from 'node:crypto';
import type { DocumentHistoryEntry, DocumentHistoryStore } from '../adapter/document-runtime';
import type { DocumentConfig } from '../config/resolved-config';
import { GatiError, UsageError } from '../errors';
import { readDocumentState } from '../runner/document/document-runner';
import { fileChecksum } from '../runner/migration-checksum';
import { listMigrationFiles } from '../runner/migration-files';
import type { MigrationRecord } from '../runner/migration-state';
import type { HistoryRow, RunOutcome } from '../runner/run-history';
import { withDocumentConnection, withDocumentLock } from './document-database';
import { type RepairOptions, type RepairResult, requestedMigrationNames } from './repair-migrations';
import { TOOL_VERSION } from './tool-version';

/**
 * `migrate:repair` on a document database: accepts edited files' checksums, forgets applied migrations whose
 * files are gone, or marks named migrations `applied` / `rolled-back`, each as a `repair` (or `forget`) run in
 * the migration's history document. Runs no migration code.
 */
export async function repairMigrationsOnDocument(config: DocumentConfig, options: RepairOptions): Promise<RepairResult> {
  const files = listMigrationFiles(config.directory);
  const wanted = requestedMigrationNames(options);
  return withDocumentConnection(config, (connection) =>
    withDocumentLock(connection, async () => {
      const { records, entries } = await readDocumentState(connection, files);
      const store = connection.history;
      if (options.mark) {
        const marked: { name: string; as: 'applied' | 'rolled-back'; was: string }[] = [];
        for (const name of wanted!) {
          const record = findRecord(records, name);
          if (options.mark === 'applied' && !record.file) {
            throw new GatiError('MIGRATION_MISSING', `${name} cannot be marked applied: its file is missing. Restore it first.`);
          }
          const checksum = record.file ? fileChecksum(record.file.file) : (record.acceptedChecksum ?? null);
          const applied = options.mark === 'applied';
          await appendRun(store, entries, record, { direction: 'repair', outcome: options.mark, checksum }, (entry) => ({
            appliedAt: applied ? (entry.appliedAt ?? new Date().toISOString()) : null,
            checksum: applied ? checksum : entry.checksum,
            steps: entry.steps.map((s) => ({ name: s.name, state: applied ? 'done' : 'pending' })),
          }));
          marked.push({ name, as: options.mark, was: record.state });
        }
        return { accepted: [], forgotten: [], marked };
      }
      for (const name of wanted ?? []) {
        const record = findRecord(records, name);
        if (record.state !== 'modified' && record.state !== 'missing') {
          throw new UsageError(`${name} is ${record.state}, not modified: there is nothing to repair.`);
        }
      }
      const chosen = records.filter((r) => !wanted || wanted.includes(r.name));
      const modified = chosen.filter((r) => r.state === 'modified');
      const missing = options.forgetMissing ? chosen.filter((r) => r.state === 'missing') : [];
      for (const record of modified) {
        await appendRun(store, entries, record, { direction: 'repair', outcome: 'success', checksum: record.checksum! }, () => ({
          checksum: record.checksum!,
        }));
      }
      for (const record of missing) {
        await appendRun(
          store,
          entries,
          record,
          { direction: 'forget', outcome: 'success', checksum: record.acceptedChecksum ?? null },
          () => ({
            appliedAt: null,
          }),
        );
      }
      return {
        accepted: modified.map((r) => ({ name: r.name, from: r.acceptedChecksum, to: r.checksum! })),
        forgotten: missing.map((r) => r.name),
        marked: [],
      };
    }),
  );
}

function findRecord(records: readonly MigrationRecord[], name: string): MigrationRecord {
  const record = records.find((r) => r.name === name);
  if (!record) throw new GatiError('MIGRATION_NOT_FOUND', `${name} is not a known migration: no file of that name, and it is not applied.`);
  return record;
}

/** Adds a bookkeeping run to a migration's history document, with the changes it makes to the document. */
async function appendRun(
  store: DocumentHistoryStore,
  entries: readonly DocumentHistoryEntry[],
  record: MigrationRecord,
  run: { direction: 'repair' | 'forget'; outcome: RunOutcome; checksum: string | null },
  change: (entry: DocumentHistoryEntry) => Partial<DocumentHistoryEntry>,
): Promise<void> {
  const now = new Date().toISOString();
  const entry: DocumentHistoryEntry = entries.find((e) => e.name === record.name) ?? {
    name: record.name,
    version: record.version ?? null,
    appliedAt: null,
    checksum: null,
    steps: [],
    runs: [],
  };
  const row: HistoryRow = {
    id: randomUUID(),
    name: record.name,
    direction: run.direction,
    version: record.version ?? null,
    checksum: run.checksum,
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    outcome: run.outcome,
    stepsTotal: entry.steps.length,
    stepsApplied: entry.steps.filter((s) => s.state === 'done').length,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
    toolVersion: TOOL_VERSION,
  };
  const { progress: _progress, ...rest } = { ...entry, ...change(entry) };
  await store.save({ ...rest, runs: [...entry.runs, row] }, { clearProgress: true });
}
