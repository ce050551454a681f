import { randomUUID } from 'node:crypto';
import type { DocumentConnection, DocumentHistoryEntry, DocumentLock } from '../../adapter/document-runtime';
import { DecisionRequiredError, GatiError, MigrationFailedError, describeCause } from '../../errors';
import type { DocumentMigrationDefinition } from '../../migration/define-document-migration';
import { fileChecksum } from '../migration-checksum';
import type { MigrationFile } from '../migration-files';
import type { MigrationRecord } from '../migration-state';
import { type MigrationRun, assertIntact, warnOutOfOrder } from '../migrate';
import type { HistoryRow } from '../run-history';
import { documentDownQueue, documentRecords, documentUpQueue, resumeStep, stepStates, stepsInEffect } from './document-records';
import { loadDocumentMigration } from './load-document-migration';

/** What the document runner needs for one command: an open connection, the held lock, the files. */
export interface DocumentRunContext {
  readonly connection: DocumentConnection;
  readonly lock: DocumentLock;
  readonly files: readonly MigrationFile[];
  /** Names the database in messages (`mongodb`). */
  readonly adapterName: string;
  readonly toolVersion: string;
  readonly onWarning?: (message: string) => void;
}

/** The longest error text kept in the history; the rest is cut with an ellipsis. */
const MAX_ERROR_LENGTH = 4000;

/** Every migration with its state, and every run, read from the history documents. */
export async function readDocumentState(
  connection: DocumentConnection,
  files: readonly MigrationFile[],
): Promise<{ records: MigrationRecord[]; history: HistoryRow[]; entries: DocumentHistoryEntry[] }> {
  const entries = await connection.history.read();
  return { ...documentRecords(files, entries), entries };
}

/**
 * `up` on a document database: applies what is pending in version order, step by step, each step recorded in
 * the migration's history document as it completes; a migration that failed half-way resumes at its first
 * unfinished step (a batched step from its last batch). Refuses to start while an applied file was edited or
 * removed. The lock's lease is checked before every step.
 */
export async function applyDocumentPending(ctx: DocumentRunContext, options: { through?: string } = {}): Promise<MigrationRun[]> {
  const { records, entries } = await readDocumentState(ctx.connection, ctx.files);
  assertIntact(records, 'migrate:up');
  const queue = documentUpQueue(records, options.through);
  warnOutOfOrder(records, queue, ctx.onWarning);
  const runs: MigrationRun[] = [];
  for (const record of queue) {
    const definition = await loadDocumentMigration(record.file!, ctx.adapterName);
    const resumeAt = resumeStep(record, definition.steps.length);
    const checksum = fileChecksum(record.file!.file);
    if (resumeAt > 0) {
      ctx.onWarning?.(
        `${record.name} failed at step ${resumeAt + 1} of ${definition.steps.length} in an earlier run; continuing from there` +
          (record.lastRun?.checksum && record.lastRun.checksum !== checksum ? ' with the edited file.' : '.'),
      );
    }
    const entry = entries.find((e) => e.name === record.name);
    const durationMs = await runSteps(ctx, record, definition, { direction: 'up', from: resumeAt, checksum, entry });
    runs.push({ name: record.name, direction: 'up', durationMs, ...(resumeAt > 0 ? { resumedAt: resumeAt + 1 } : {}) });
  }
  return runs;
}

/**
 * `down` on a document database: rolls back the newest migrations (a half-applied one first), each step's
 * `down` in reverse order. Refuses a migration whose down loses data unless `allowDataLoss`, and one with a
 * step in effect that has no `down`.
 */
export async function rollBackDocuments(
  ctx: DocumentRunContext,
  options: { count?: number; keep?: string | null; allowDataLoss?: boolean },
): Promise<MigrationRun[]> {
  const { records, entries } = await readDocumentState(ctx.connection, ctx.files);
  const queue = documentDownQueue(records, options);
  assertIntact([...records.filter((r) => r.state === 'modified'), ...queue], 'migrate:down');
  const runs: MigrationRun[] = [];
  for (const record of queue) {
    const definition = await loadDocumentMigration(record.file!, ctx.adapterName);
    assertRollBackAllowed(record, definition, options.allowDataLoss ?? false);
    const inEffect = stepsInEffect(record, definition.steps.length);
    const checksum = record.checksum ?? fileChecksum(record.file!.file);
    const entry = entries.find((e) => e.name === record.name);
    const durationMs = await runSteps(ctx, record, definition, { direction: 'down', from: inEffect, checksum, entry });
    runs.push({ name: record.name, direction: 'down', durationMs });
  }
  return runs;
}

/** Refuses a down that loses data without `allowDataLoss`, or that reaches a step without a `down`. */
export function assertRollBackAllowed(record: MigrationRecord, definition: DocumentMigrationDefinition, allowDataLoss: boolean): void {
  const loss = definition.dataLoss?.down ?? [];
  if (loss.length > 0 && !allowDataLoss) {
    throw new DecisionRequiredError(
      `Rolling back ${record.name} loses data (${loss.join('; ')}). Run again with --allow-data-loss to accept that.`,
    );
  }
  const inEffect = stepsInEffect(record, definition.steps.length);
  const noDown = definition.steps.slice(0, inEffect).find((s) => !s.down);
  if (noDown) {
    throw new GatiError(
      'NO_DOWN',
      `Migration ${record.name} has no down ${definition.steps.length > 1 ? `for its step "${noDown.name}"` : 'step'} and cannot be rolled back.`,
    );
  }
}

/**
 * Runs the steps of one migration in one direction: up from step `from` (0-based) to the last, down from the
 * step before `from` back to the first. The history document is written before the run, after each step, and at
 * the end (a failure names the step and its error).
 */
async function runSteps(
  ctx: DocumentRunContext,
  record: MigrationRecord,
  definition: DocumentMigrationDefinition,
  job: { direction: 'up' | 'down'; from: number; checksum: string; entry: DocumentHistoryEntry | undefined },
): Promise<number> {
  const { direction } = job;
  const steps = definition.steps;
  const started = Date.now();
  let run: HistoryRow = {
    id: randomUUID(),
    name: record.name,
    direction,
    version: definition.version,
    checksum: job.checksum,
    startedAt: new Date(started).toISOString(),
    finishedAt: null,
    durationMs: null,
    outcome: 'running',
    stepsTotal: steps.length,
    stepsApplied: job.from,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
    toolVersion: ctx.toolVersion,
  };
  let entry: Omit<DocumentHistoryEntry, 'progress'> = {
    name: record.name,
    version: definition.version,
    appliedAt: job.entry?.appliedAt ?? null,
    checksum: job.entry?.checksum ?? null,
    steps: stepStates(
      steps.map((s) => s.name),
      job.from,
    ),
    runs: [...(job.entry?.runs ?? []), run],
  };
  const save = async (clearProgress = false) => {
    entry = { ...entry, runs: [...entry.runs.slice(0, -1), run] };
    await ctx.connection.history.save(entry, { clearProgress });
  };
  // Batch progress belongs to the step an earlier run of the same direction stopped in.
  const sameDirection = job.entry?.runs.at(-1)?.direction === direction;
  await save(!sameDirection);
  let progress = (sameDirection ? job.entry?.progress : undefined) ?? {};
  if (Object.keys(progress).length > 0) {
    ctx.onWarning?.(
      `${record.name}: step ${direction === 'up' ? job.from + 1 : job.from} stopped half-way in an earlier run; it goes on after the last batch that run saved.`,
    );
  }
  const order = direction === 'up' ? range(job.from, steps.length) : range(0, job.from).reverse();
  for (const index of order) {
    const step = steps[index]!;
    await ctx.lock.assertHeld();
    entry = { ...entry, steps: entry.steps.map((s, i) => (i === index ? { name: s.name, state: 'running' } : s)) };
    await save();
    try {
      await ctx.connection.runStep(step, { migration: record.name, stepNumber: index + 1, direction, progress });
    } catch (cause) {
      const error = describeCause(cause);
      run = {
        ...run,
        outcome: 'failed',
        finishedAt: new Date().toISOString(),
        durationMs: Date.now() - started,
        failedStep: step.name,
        failedStepNumber: index + 1,
        error: error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error,
      };
      entry = { ...entry, steps: entry.steps.map((s, i) => (i === index ? { name: s.name, state: 'failed', error: run.error } : s)) };
      await save().catch(() => undefined);
      const place = steps.length > 1 ? `at step ${index + 1} of ${steps.length} (${step.name})` : undefined;
      throw new MigrationFailedError(record.name, direction, cause, place);
    }
    progress = {};
    const stepsApplied = direction === 'up' ? index + 1 : index;
    run = { ...run, stepsApplied };
    entry = {
      ...entry,
      // The first step a down undoes makes the migration no longer applied (it is half-applied until the down ends).
      appliedAt: direction === 'down' ? null : entry.appliedAt,
      steps: entry.steps.map((s, i) => (i === index ? { name: s.name, state: direction === 'up' ? 'done' : 'pending' } : s)),
    };
    await save(true);
  }
  const finished = Date.now();
  run = { ...run, outcome: 'success', finishedAt: new Date(finished).toISOString(), durationMs: finished - started };
  entry =
    direction === 'up'
      ? { ...entry, appliedAt: new Date(finished).toISOString(), checksum: job.checksum }
      : { ...entry, appliedAt: null, checksum: null };
  await save(true);
  return finished - started;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
