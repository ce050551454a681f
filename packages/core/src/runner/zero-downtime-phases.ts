import type { Kysely } from 'kysely';
import { type TableExists, readOrMissing, runnerTables } from './runner-tables';

/**
 * Where a zero-downtime migration stands: `expanding` (its expand started and has not finished: a rerun of `up`
 * continues it, the backfill from `backfill`), `expanded` (both versions can be served), `completed`,
 * `rolled-back`. One row per migration, in `<tableName>_phases`; the run history records each phase's run.
 */
export type ZeroDowntimePhase = 'expanding' | 'expanded' | 'completed' | 'rolled-back';

export interface PhaseRow {
  readonly name: string;
  readonly version: string;
  readonly phase: ZeroDowntimePhase;
  /** The new version's schema of views. */
  readonly versionSchema: string;
  /** Per table, the last key the backfill finished (JSON) and its rows done and to do. */
  readonly backfill: Readonly<Record<string, { readonly lastKey: string; readonly done: number; readonly total: number }>>;
  readonly updatedAt: string;
}

export function phasesTable(tableName: string): string {
  return runnerTables(tableName).phases;
}

export async function createPhasesTable(db: Kysely<any>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('version', 'varchar(255)', (col) => col.notNull())
    .addColumn('phase', 'varchar(16)', (col) => col.notNull())
    .addColumn('version_schema', 'varchar(63)', (col) => col.notNull())
    .addColumn('backfill', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'varchar(32)', (col) => col.notNull())
    .execute();
}

export async function readPhases(db: Kysely<any>, table: string, tableExists: TableExists): Promise<PhaseRow[]> {
  const rows = await readOrMissing(db, table, tableExists, () => db.selectFrom(table).selectAll().execute(), []);
  return rows.map((row: Record<string, unknown>) => ({
    name: String(row.name),
    version: String(row.version),
    phase: String(row.phase) as ZeroDowntimePhase,
    versionSchema: String(row.version_schema),
    backfill: JSON.parse(String(row.backfill)) as PhaseRow['backfill'],
    updatedAt: String(row.updated_at),
  }));
}

/** The migration expanded and not completed (or rolled back), if there is one: at most one at a time. */
export function openPhase(rows: readonly PhaseRow[]): PhaseRow | undefined {
  return rows.find((row) => row.phase === 'expanding' || row.phase === 'expanded');
}

export async function writePhase(db: Kysely<any>, table: string, row: Omit<PhaseRow, 'updatedAt'>): Promise<void> {
  const values = {
    name: row.name,
    version: row.version,
    phase: row.phase,
    version_schema: row.versionSchema,
    backfill: JSON.stringify(row.backfill),
    updated_at: new Date().toISOString(),
  };
  const updated = await db.updateTable(table).set(values).where('name', '=', row.name).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto(table).values(values).execute();
}
