import type { Kysely } from 'kysely';

/** A row of Kysely's migration table: which migration ran, and when. */
export interface AppliedRow {
  readonly name: string;
  readonly appliedAt: string;
}

/**
 * The applied migrations in apply order, read straight from the history table (one query). A project that has
 * never migrated has no table yet: that reads as nothing applied.
 */
export async function readAppliedMigrations(db: Kysely<any>, tableName: string): Promise<AppliedRow[]> {
  let rows: { name: string; timestamp: string | Date }[];
  try {
    rows = await db.selectFrom(tableName).select(['name', 'timestamp']).execute();
  } catch (error) {
    if (!(await tableExists(db, tableName))) return [];
    throw error;
  }
  return rows
    .map((row) => ({ name: row.name, appliedAt: new Date(row.timestamp).toISOString() }))
    .sort((a, b) => a.appliedAt.localeCompare(b.appliedAt) || a.name.localeCompare(b.name));
}

/** Only reached when the select failed, so the cost of reading the catalog is paid once, on first use. */
async function tableExists(db: Kysely<any>, tableName: string): Promise<boolean> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  return tables.some((t) => t.name === tableName);
}
