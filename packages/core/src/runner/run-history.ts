import { randomUUID } from 'node:crypto';
import { type DeleteQueryBuilder, type DeleteResult, type InsertQueryBuilder, type InsertResult, type Kysely, sql } from 'kysely';
import { compareCodePoints } from '../model';
import { type TableExists, readOrMissing } from './runner-tables';

/**
 * What a run did: `up` and `down` run a migration's steps; `baseline` marks an existing database's schema as
 * applied without running anything; `repair` accepts an edited file's new checksum, or (outcome `applied`,
 * `rolled-back`) says what the user found in effect after a run died; `forget` drops an applied
 * migration whose file is gone from the applied table; `expand`, `complete` and `rollback` are the phases of a
 * zero-downtime migration (see ZeroDowntimePlan).
 */
export type RunDirection = 'up' | 'down' | 'baseline' | 'repair' | 'forget' | 'expand' | 'complete' | 'rollback';

/**
 * `running` is a run in progress, or one whose process died before it could say how it ended. A `repair` run's
 * outcome is `success` (an edit accepted), or what the user marked the migration after checking the database
 * (`migrate:repair --applied`, `--rolled-back`). `interrupted` is never stored: status reports say it of a
 * `running` row that a later run of the same migration followed, so its process certainly ended (see
 * markInterruptedRuns).
 */
export type RunOutcome = 'running' | 'success' | 'failed' | 'applied' | 'rolled-back' | 'interrupted';

/** One row of the run history: every run of every migration, never deleted. */
export interface HistoryRow {
  readonly id: string;
  readonly name: string;
  readonly direction: RunDirection;
  readonly version: string | null;
  /** The file's checksum when the run started (see migrationChecksum). */
  readonly checksum: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly outcome: RunOutcome;
  readonly stepsTotal: number;
  /** How many of the migration's steps, counted from the first, are in effect after this run (so far). */
  readonly stepsApplied: number;
  /**
   * The step that failed, by name, and its place (1 is the first step). While the run is `running`: the step
   * running outside a transaction, if one is (a run that dies leaves it named: see interruptedRun).
   */
  readonly failedStep: string | null;
  readonly failedStepNumber: number | null;
  /**
   * How many statements of the failed step completed and stayed (outside a transaction), so a rerun skips them.
   * While the run is `running`: of the step it names, counted as each completes.
   */
  readonly failedStepStatements: number | null;
  readonly error: string | null;
  readonly toolVersion: string | null;
}

/** The longest error text kept; the rest is cut with an ellipsis. */
const MAX_ERROR_LENGTH = 4000;

const COLUMNS = {
  id: 'id',
  name: 'name',
  direction: 'direction',
  version: 'version',
  checksum: 'checksum',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  durationMs: 'duration_ms',
  outcome: 'outcome',
  stepsTotal: 'steps_total',
  stepsApplied: 'steps_applied',
  failedStep: 'failed_step',
  failedStepNumber: 'failed_step_number',
  failedStepStatements: 'failed_step_statements',
  error: 'error',
  toolVersion: 'tool_version',
} as const satisfies Record<keyof HistoryRow, string>;

export async function createHistoryTable(db: Kysely<any>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('id', 'varchar(36)', (col) => col.notNull().primaryKey())
    .addColumn('name', 'varchar(255)', (col) => col.notNull())
    .addColumn('direction', 'varchar(16)', (col) => col.notNull())
    .addColumn('version', 'varchar(255)')
    .addColumn('checksum', 'varchar(80)')
    .addColumn('started_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('duration_ms', 'integer')
    .addColumn('outcome', 'varchar(16)', (col) => col.notNull())
    .addColumn('steps_total', 'integer', (col) => col.notNull())
    .addColumn('steps_applied', 'integer', (col) => col.notNull())
    .addColumn('failed_step', 'varchar(255)')
    .addColumn('failed_step_number', 'integer')
    .addColumn('failed_step_statements', 'integer')
    .addColumn('error', 'text')
    .addColumn('tool_version', 'varchar(32)')
    .execute();
}

/** Every run, oldest first. No table yet: no runs. */
export async function readRunHistory(db: Kysely<any>, table: string, tableExists: TableExists): Promise<HistoryRow[]> {
  const rows = await readOrMissing(db, table, tableExists, () => db.selectFrom(table).selectAll().execute(), []);
  return rows
    .map(fromRow)
    .sort((a, b) => compareCodePoints(a.startedAt, b.startedAt) || compareCodePoints(a.finishedAt ?? '', b.finishedAt ?? ''));
}

/**
 * The end of a statement whose result is not read and that is the last of its transaction (a run's history row):
 * a driver may send it with the `commit`, in one round trip (PostgreSQL's does, see PipelinedPostgresDialect). To
 * every database it is a comment.
 */
export const SENT_WITH_COMMIT = '/* gati: sent with commit */';

/** A new run's row; `id` and `startedAt` are filled in unless given. */
export type NewRun = Omit<HistoryRow, 'id' | 'startedAt'> & Partial<Pick<HistoryRow, 'id' | 'startedAt'>>;

/**
 * Appends a run. `along` is another write (see appliedInsert) made by the same statement, as its WITH clause:
 * only where the database has writable CTEs (capabilities.writableCte). `lastInTransaction`: nothing follows it
 * before the commit, so it may be sent with the commit ({@link SENT_WITH_COMMIT}).
 */
export async function insertRun(
  db: Kysely<any>,
  table: string,
  run: NewRun,
  along?: InsertQueryBuilder<any, any, InsertResult> | DeleteQueryBuilder<any, any, DeleteResult>,
  lastInTransaction = false,
): Promise<HistoryRow> {
  const row: HistoryRow = {
    ...run,
    id: run.id ?? randomUUID(),
    startedAt: run.startedAt ?? new Date().toISOString(),
    error: clip(run.error),
  };
  const into = along ? db.with('gati_applied_change', () => along).insertInto(table) : db.insertInto(table);
  const insert = into.values(toRow(row));
  await (lastInTransaction ? insert.modifyEnd(sql.raw(` ${SENT_WITH_COMMIT}`)) : insert).execute();
  return row;
}

/**
 * A run that changes bookkeeping only and runs no migration code (`baseline`, `repair`, `forget`): it starts and
 * ends at once, successfully.
 */
export async function insertBookkeepingRun(
  db: Kysely<any>,
  table: string,
  run: Pick<HistoryRow, 'name' | 'direction' | 'version' | 'checksum' | 'toolVersion'> & {
    readonly outcome?: RunOutcome;
    readonly durationMs?: number;
  },
): Promise<HistoryRow> {
  const at = new Date().toISOString();
  return insertRun(db, table, {
    outcome: 'success',
    ...run,
    startedAt: at,
    finishedAt: at,
    durationMs: run.durationMs ?? 0,
    stepsTotal: 0,
    stepsApplied: 0,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
  });
}

export async function updateRun(
  db: Kysely<any>,
  table: string,
  id: string,
  patch: Partial<Omit<HistoryRow, 'id' | 'name' | 'direction'>>,
): Promise<void> {
  const values = toRow({ ...patch, ...(patch.error !== undefined ? { error: clip(patch.error) } : {}) });
  await db.updateTable(table).set(values).where('id', '=', id).execute();
}

function clip(error: string | null | undefined): string | null {
  if (error === null || error === undefined) return null;
  return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

function toRow(run: Partial<HistoryRow>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(COLUMNS)) {
    const value = run[key as keyof HistoryRow];
    if (value !== undefined) row[column] = value;
  }
  return row;
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function fromRow(row: Record<string, unknown>): HistoryRow {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  const count = (value: unknown): number => Number(value ?? 0);
  return {
    id: String(row.id),
    name: String(row.name),
    direction: String(row.direction) as RunDirection,
    version: text(row.version),
    checksum: text(row.checksum),
    startedAt: String(row.started_at),
    finishedAt: text(row.finished_at),
    durationMs: nullableNumber(row.duration_ms),
    outcome: String(row.outcome) as RunOutcome,
    stepsTotal: count(row.steps_total),
    stepsApplied: count(row.steps_applied),
    failedStep: text(row.failed_step),
    failedStepNumber: nullableNumber(row.failed_step_number),
    failedStepStatements: nullableNumber(row.failed_step_statements),
    error: text(row.error),
    toolVersion: text(row.tool_version),
  };
}

/**
 * The history as status reports it: a `running` row followed by a later run of the same migration (a rerun, a
 * repair) is `interrupted`, since no run can start while another holds the lock. The rows stay as stored.
 */
export function markInterruptedRuns(history: readonly HistoryRow[]): HistoryRow[] {
  const lastStart = new Map<string, string>();
  for (const run of history) {
    const seen = lastStart.get(run.name);
    if (seen === undefined || run.startedAt > seen) lastStart.set(run.name, run.startedAt);
  }
  return history.map((run) =>
    run.outcome === 'running' && run.startedAt < lastStart.get(run.name)! ? { ...run, outcome: 'interrupted' } : run,
  );
}
