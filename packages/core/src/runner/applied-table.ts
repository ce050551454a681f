import type { Kysely } from 'kysely';
import { compareCodePoints } from '../model';
import { type TableExists, readOrMissing } from './runner-tables';

/** A row of the applied-migrations table: which migration is applied, and since when. */
export interface AppliedRow {
  readonly name: string;
  readonly appliedAt: string;
}

/**
 * The applied migrations in apply order, in one query. The table has the layout of Kysely's Migrator (`name`
 * varchar primary key, `timestamp` ISO text), so Kysely's own tools read it and a project that used Kysely's
 * Migrator can point `tableName` at its table. No table yet: nothing applied.
 */
export async function readAppliedMigrations(db: Kysely<any>, table: string, tableExists: TableExists): Promise<AppliedRow[]> {
  const rows = await readOrMissing(
    db,
    table,
    tableExists,
    () => db.selectFrom(table).select(['name', 'timestamp']).execute() as Promise<{ name: string; timestamp: string | Date }[]>,
    [],
  );
  return rows
    .map((row) => ({ name: row.name, appliedAt: new Date(row.timestamp).toISOString() }))
    .sort((a, b) => compareCodePoints(a.appliedAt, b.appliedAt) || compareCodePoints(a.name, b.name));
}

export async function createAppliedTable(db: Kysely<any>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
    .execute();
}

export async function recordApplied(db: Kysely<any>, table: string, name: string, at: Date): Promise<void> {
  await appliedInsert(db, table, name, at).execute();
}

export async function recordRolledBack(db: Kysely<any>, table: string, name: string): Promise<void> {
  await appliedDelete(db, table, name).execute();
}

/** The statements of recordApplied and recordRolledBack, not run: to go along with the history row (insertRun). */
export function appliedInsert(db: Kysely<any>, table: string, name: string, at: Date) {
  return db.insertInto(table).values({ name, timestamp: at.toISOString() });
}

export function appliedDelete(db: Kysely<any>, table: string, name: string) {
  return db.deleteFrom(table).where('name', '=', name);
}
