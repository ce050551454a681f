import type { Kysely } from 'kysely';
import type { BackfillProgress, ZeroDowntimeMigration, ZeroDowntimeSupport } from '../adapter/zero-downtime-support';
import { GatiError, describeCause, redactSecrets } from '../errors';
import type { MigrationDefinition } from '../migration/define-migration';
import { versionSchemaName } from '../zero-downtime/version-schema';
import { appliedInsert } from './applied-table';
import { loadMigration } from './load-migration';
import { fileChecksum } from './migration-checksum';
import type { MigrationRecord } from './migration-state';
import { insertBookkeepingRun, insertRun, updateRun } from './run-history';
import { runnerTableNames, runnerTables } from './runner-tables';
import { type PhaseRow, createPhasesTable, openPhase, phasesTable, readPhases, writePhase } from './zero-downtime-phases';

/** What the runner needs to run zero-downtime phases: the adapter's statements and the backfill's pace. */
export interface ZeroDowntimeRunner {
  readonly support: ZeroDowntimeSupport;
  readonly backfill: { readonly batchSize: number; readonly pauseMs: number };
  /** Told after each backfill batch (a progress line on a terminal). */
  readonly onProgress?: (migration: string, progress: BackfillProgress) => void;
}

/** The parts of the runner's context the phases use. */
export interface PhaseContext {
  readonly tableName: string;
  readonly toolVersion: string;
  readonly tableExists: (db: Kysely<any>, table: string) => Promise<boolean>;
  readonly zeroDowntime: ZeroDowntimeRunner;
}

/** Whether `up` runs this migration as an expand: it has phases and the adapter can run them. */
export function runsAsExpand(definition: MigrationDefinition, zeroDowntime: ZeroDowntimeRunner | undefined): boolean {
  return definition.zeroDowntime !== undefined && zeroDowntime !== undefined;
}

export async function readPhaseRows(db: Kysely<any>, ctx: Pick<PhaseContext, 'tableName' | 'tableExists'>): Promise<PhaseRow[]> {
  return readPhases(db, phasesTable(ctx.tableName), ctx.tableExists);
}

/**
 * Refuses a run while a zero-downtime migration is expanded: `up` may only continue that migration's own expand
 * (`continuing`), `down` nothing.
 */
export function assertNoOpenExpand(rows: readonly PhaseRow[], command: string, continuing?: string): void {
  const open = openPhase(rows);
  if (!open || (open.phase === 'expanding' && open.name === continuing)) return;
  throw new GatiError(
    'EXPAND_OPEN',
    `${open.name} is ${open.phase === 'expanded' ? 'expanded' : 'half expanded'} (zero-downtime, version ${open.version}): ` +
      `${command} runs nothing else until gati migrate:complete contracts it (once the old version is retired) or gati migrate:rollback abandons it` +
      `${open.phase === 'expanding' ? '; gati migrate:up finishes its expand' : ''}.`,
  );
}

function migrationFor(
  ctx: PhaseContext,
  row: Pick<PhaseRow, 'name' | 'version' | 'backfill'>,
  definition: MigrationDefinition,
): ZeroDowntimeMigration {
  return {
    name: row.name,
    version: row.version,
    plan: definition.zeroDowntime!,
    runnerTables: runnerTableNames(ctx.tableName),
    backfill: ctx.zeroDowntime.backfill,
    resumeFrom: Object.fromEntries(Object.entries(row.backfill).map(([table, at]) => [table, { lastKey: at.lastKey, done: at.done }])),
  };
}

/**
 * Runs (or continues) the expand of one migration: recorded as phase `expanding` before anything runs and after
 * every backfill batch, `expanded` once done; one history row for the run.
 */
export async function expandMigration(
  ctx: PhaseContext,
  db: Kysely<any>,
  record: MigrationRecord,
  definition: MigrationDefinition,
): Promise<number> {
  const table = phasesTable(ctx.tableName);
  await createPhasesTable(db, table);
  const rows = await readPhases(db, table, ctx.tableExists);
  const earlier = rows.find((row) => row.name === record.name && row.phase === 'expanding');
  const phase: Omit<PhaseRow, 'updatedAt'> = {
    name: record.name,
    version: definition.version,
    phase: 'expanding',
    versionSchema: versionSchemaName(definition.version),
    backfill: earlier?.backfill ?? {},
  };
  await writePhase(db, table, phase);
  const t0 = performance.now();
  const run = await insertRun(db, runnerTables(ctx.tableName).history, {
    name: record.name,
    direction: 'expand',
    version: definition.version,
    checksum: fileChecksum(record.file!.file),
    finishedAt: null,
    durationMs: null,
    outcome: 'running',
    stepsTotal: 0,
    stepsApplied: 0,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
    toolVersion: ctx.toolVersion,
  });
  const backfill = { ...phase.backfill };
  try {
    await ctx.zeroDowntime.support.expand(db, migrationFor(ctx, phase, definition), async (progress) => {
      backfill[progress.table] = { lastKey: progress.lastKey, done: progress.done, total: progress.total };
      await writePhase(db, table, { ...phase, backfill });
      ctx.zeroDowntime.onProgress?.(record.name, progress);
    });
  } catch (error) {
    const durationMs = Math.round(performance.now() - t0);
    await updateRun(db, runnerTables(ctx.tableName).history, run.id, {
      outcome: 'failed',
      finishedAt: new Date().toISOString(),
      durationMs,
      error: redactSecrets(describeCause(error)),
    });
    throw new GatiError(
      'MIGRATION_FAILED',
      `The expand of ${record.name} failed: ${redactSecrets(describeCause(error))}. What it created stays; gati migrate:up continues it, gati migrate:rollback removes it.`,
      { cause: error },
    );
  }
  const durationMs = Math.round(performance.now() - t0);
  await writePhase(db, table, { ...phase, backfill, phase: 'expanded' });
  await updateRun(db, runnerTables(ctx.tableName).history, run.id, {
    outcome: 'success',
    finishedAt: new Date().toISOString(),
    durationMs,
  });
  return durationMs;
}

/** What `complete` checks before it contracts, and what the user can override. */
export interface CompleteChecks {
  /** Versions the Timescape registry still lists as active, other than the migration's own and later ones. */
  readonly activeOlderVersions: readonly string[];
  readonly force: boolean;
}

/** The expanded migration and its file, or NOTHING_EXPANDED. */
async function expandedMigration(db: Kysely<any>, ctx: PhaseContext, records: readonly MigrationRecord[]) {
  const open = openPhase(await readPhaseRows(db, ctx));
  const record = open && records.find((r) => r.name === open.name);
  if (!open || !record?.file) {
    throw new GatiError(
      'NOTHING_EXPANDED',
      open
        ? `${open.name} is expanded, but its file is missing: restore it.`
        : 'No zero-downtime migration is expanded: nothing to complete or roll back.',
    );
  }
  return { open, record, definition: await loadMigration(record.file) };
}

/**
 * Contracts the expanded migration, after checking that nothing still needs the old version's schema: the
 * backfill finished, no session of another version is connected, the registry lists no older version as active
 * (`force` overrides those two, and the result says what it overrode), and no converted value is missing where the
 * new column is NOT NULL (never overridden). The contract and the migration's applied row commit together.
 */
export async function completeExpanded(
  ctx: PhaseContext,
  db: Kysely<any>,
  records: readonly MigrationRecord[],
  checks: CompleteChecks,
): Promise<{ name: string; durationMs: number; overridden: string[] }> {
  const { open, record, definition } = await expandedMigration(db, ctx, records);
  const support = ctx.zeroDowntime.support;
  if (open.phase !== 'expanded') {
    throw new GatiError(
      'COMPLETE_REFUSED',
      `${open.name}'s expand has not finished (its backfill stopped): run gati migrate:up to finish it first.`,
    );
  }
  const migration = migrationFor(ctx, open, definition);
  const overridable: string[] = [];
  const sessions = await support.sessionsOfOtherVersions(db, open.version);
  if (sessions.length > 0) overridable.push(`sessions of other versions are connected (${sessions.join(', ')})`);
  if (checks.activeOlderVersions.length > 0) {
    overridable.push(`the Timescape registry lists ${checks.activeOlderVersions.join(', ')} as active`);
  }
  const blockers = await support.contractBlockers(db, migration);
  if (blockers.length > 0) {
    throw new GatiError('COMPLETE_REFUSED', `${open.name} cannot be contracted yet: ${blockers.join('; ')}.`);
  }
  if (overridable.length > 0 && !checks.force) {
    throw new GatiError(
      'COMPLETE_REFUSED',
      `${open.name} is not contracted, because the old version may still be in use: ${overridable.join('; ')}. Retire it first, or pass --force.`,
    );
  }
  const t0 = performance.now();
  const tables = runnerTables(ctx.tableName);
  await support.prepareContract?.(db, migration);
  await db.transaction().execute(async (trx) => {
    await support.contract(trx, migration);
    await appliedInsert(trx, tables.applied, open.name, new Date()).execute();
    await writePhase(trx, phasesTable(ctx.tableName), { ...open, phase: 'completed' });
    await insertBookkeepingRun(
      trx,
      tables.history,
      phaseRun(ctx, open, 'complete', fileChecksum(record.file!.file), performance.now() - t0),
    );
  });
  return { name: open.name, durationMs: Math.round(performance.now() - t0), overridden: checks.force ? overridable : [] };
}

/** Abandons the expanded (or half expanded) migration: what its expand created goes, in one transaction. */
export async function rollBackExpanded(
  ctx: PhaseContext,
  db: Kysely<any>,
  records: readonly MigrationRecord[],
): Promise<{ name: string; durationMs: number }> {
  const { open, record, definition } = await expandedMigration(db, ctx, records);
  const t0 = performance.now();
  await db.transaction().execute(async (trx) => ctx.zeroDowntime.support.rollback(trx, migrationFor(ctx, open, definition)));
  // Outside a transaction: dropping an index the expand built concurrently cannot run in one.
  await definition.zeroDowntime!.rollback?.(db);
  await db.transaction().execute(async (trx) => {
    await writePhase(trx, phasesTable(ctx.tableName), { ...open, phase: 'rolled-back', backfill: {} });
    await insertBookkeepingRun(
      trx,
      runnerTables(ctx.tableName).history,
      phaseRun(ctx, open, 'rollback', fileChecksum(record.file!.file), performance.now() - t0),
    );
  });
  return { name: open.name, durationMs: Math.round(performance.now() - t0) };
}

/** The history row of a `complete` or `rollback`: bookkeeping, with how long it took. */
function phaseRun(ctx: PhaseContext, row: PhaseRow, direction: 'complete' | 'rollback', checksum: string, elapsed: number) {
  return { name: row.name, direction, version: row.version, checksum, toolVersion: ctx.toolVersion, durationMs: Math.round(elapsed) };
}
