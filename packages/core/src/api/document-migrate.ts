import type { DocumentConfig } from '../config/resolved-config';
import { ConnectionError, GatiError } from '../errors';
import { compareCodePoints } from '../model';
import { documentDownQueue, documentUpQueue, resumeStep, stepsInEffect } from '../runner/document/document-records';
import { applyDocumentPending, readDocumentState, rollBackDocuments } from '../runner/document/document-runner';
import { loadDocumentMigration } from '../runner/document/load-document-migration';
import type { MigrationFile } from '../runner/migration-files';
import { listMigrationFiles } from '../runner/migration-files';
import type { MigrationRecord } from '../runner/migration-state';
import { migrationRecords } from '../runner/migration-state';
import { documentConnectOptions, withDocumentConnection, withDocumentLock } from './document-database';
import type { MigrateDownOptions, MigrateDownResult } from './migrate-down';
import type { MigrateUpOptions, MigrateUpResult, PlannedRun } from './migrate-up';
import { resolveTarget } from './resolve-target';
import { TOOL_VERSION } from './tool-version';

/** `migrate:up` on a document database (see migrateUp). */
export async function migrateUpOnDocument(config: DocumentConfig, options: MigrateUpOptions): Promise<MigrateUpResult> {
  const files = listMigrationFiles(config.directory);
  const through = options.to ? resolveTarget(files, options.to, config).name : undefined;
  if (options.dryRun) return { applied: [], planned: await previewUp(config, files, through, options.onWarning) };
  return withDocumentConnection(config, (connection) =>
    withDocumentLock(connection, async (lock) => ({
      applied: await applyDocumentPending(
        { connection, lock, files, adapterName: config.adapter.name, toolVersion: TOOL_VERSION, onWarning: options.onWarning },
        { through },
      ),
    })),
  );
}

/** `migrate:down` on a document database (see migrateDown). */
export async function migrateDownOnDocument(config: DocumentConfig, options: MigrateDownOptions): Promise<MigrateDownResult> {
  const files = listMigrationFiles(config.directory);
  const keep = options.all ? null : options.to !== undefined ? resolveTarget(files, options.to, config).name : undefined;
  const count = keep === undefined ? (options.steps ?? 1) : undefined;
  return withDocumentConnection(config, async (connection) => {
    const check = async () => {
      const { records } = await readDocumentState(connection, files);
      if (typeof keep === 'string' && !records.some((r) => r.name === keep && r.appliedAt !== undefined)) {
        throw new GatiError('TARGET_NOT_APPLIED', `--to ${options.to}: ${keep} is not applied, so there is nothing to roll back to.`);
      }
      return records;
    };
    if (options.dryRun) {
      const queue = documentDownQueue(await check(), { count, keep });
      const gone = queue.find((r) => !r.file);
      if (gone) throw new GatiError('MIGRATION_MISSING', `Cannot roll back ${gone.name}: its file is missing.`);
      return { rolledBack: [], planned: await previewRuns(config, queue, 'down') };
    }
    return withDocumentLock(connection, async (lock) => {
      await check();
      const ctx = { connection, lock, files, adapterName: config.adapter.name, toolVersion: TOOL_VERSION };
      return { rolledBack: await rollBackDocuments(ctx, { count, keep, allowDataLoss: options.allowDataLoss }) };
    });
  });
}

/** migrateToVersion on a document database: up to the version when it is not applied, otherwise down to it. */
export async function migrateToVersionOnDocument(config: DocumentConfig, version: string): Promise<{ direction: 'up' | 'down' | 'none' }> {
  const files = listMigrationFiles(config.directory);
  const target = resolveTarget(files, version, config);
  const { records } = await withDocumentConnection(config, (connection) => readDocumentState(connection, files));
  const applied = records.filter((r) => r.appliedAt !== undefined).sort((a, b) => compareCodePoints(a.appliedAt!, b.appliedAt!));
  if (!applied.some((r) => r.name === target.name)) {
    await migrateUpOnDocument(config, { to: target.name });
    return { direction: 'up' };
  }
  const halfApplied = records.some((r) => r.state === 'failed' && r.partial);
  if (applied[applied.length - 1]?.name === target.name && !halfApplied) return { direction: 'none' };
  await migrateDownOnDocument(config, { to: target.name });
  return { direction: 'down' };
}

/**
 * What `up` would send, step by step, recorded without running anything. The history is read when the server
 * answers (only what is pending is shown, a failed migration from its first unfinished step); when it does not,
 * every migration file is shown, with a warning.
 */
async function previewUp(
  config: DocumentConfig,
  files: readonly MigrationFile[],
  through: string | undefined,
  onWarning: ((message: string) => void) | undefined,
): Promise<PlannedRun[]> {
  let records: MigrationRecord[];
  try {
    records = (await withDocumentConnection(config, (connection) => readDocumentState(connection, files))).records;
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    onWarning?.(`${error.message.split('\n')[0]}; so the history cannot be read: every migration file is shown, as if none were applied.`);
    records = migrationRecords(files, [], []);
  }
  return previewRuns(config, documentUpQueue(records, through), 'up');
}

/** The commands of each migration's steps still to run in `direction`, one line each. */
async function previewRuns(config: DocumentConfig, records: readonly MigrationRecord[], direction: 'up' | 'down'): Promise<PlannedRun[]> {
  const planned: PlannedRun[] = [];
  for (const record of records) {
    const definition = await loadDocumentMigration(record.file!, config.adapter.name);
    const steps = definition.steps;
    const toRun =
      direction === 'up' ? steps.slice(resumeStep(record, steps.length)) : steps.slice(0, stepsInEffect(record, steps.length)).reverse();
    const lines: string[] = [];
    for (const step of toRun) {
      lines.push(`// ${step.name}`, ...(await config.adapter.recordStep(step, direction, documentConnectOptions(config))));
    }
    planned.push({ name: record.name, sql: [], commands: lines });
  }
  return planned;
}
