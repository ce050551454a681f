import type { Kysely } from 'kysely';

/**
 * The tables the runner keeps, named after the configured `tableName`: `gati_migrations` (which migrations are
 * applied, in the layout of Kysely's own Migrator: `name`, `timestamp`), `gati_migrations_history` (every run of
 * every migration, appended), for adapters without a lock of their own `gati_migrations_lock`, and, once a
 * zero-downtime migration ran, `gati_migrations_phases` (where each stands).
 */
export interface RunnerTables {
  readonly applied: string;
  readonly history: string;
  readonly lock: string;
  readonly phases: string;
}

export function runnerTables(tableName: string): RunnerTables {
  return { applied: tableName, history: `${tableName}_history`, lock: `${tableName}_lock`, phases: `${tableName}_phases` };
}

/** The names of every table the runner may keep, applied table first: what schema reads leave out. */
export function runnerTableNames(tableName: string): string[] {
  const tables = runnerTables(tableName);
  return [tables.applied, tables.history, tables.lock, tables.phases];
}

/** Whether a table exists, asked of the catalog for that one table (see Adapter.tableExists). */
export type TableExists = (db: Kysely<any>, table: string) => Promise<boolean>;

/**
 * Kysely's generic answer, for adapters that do not bring a targeted query: it reads the list of every table,
 * so it is only asked after a read of the table itself failed.
 */
export const tableExistsByIntrospection: TableExists = async (db, table) => {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  return tables.some((t) => t.name === table);
};

/**
 * Runs a read of one of the runner's tables; when it fails because the table does not exist yet (a database
 * that has never been migrated), answers `missing` instead. Any other failure is rethrown.
 */
export async function readOrMissing<T>(
  db: Kysely<any>,
  table: string,
  tableExists: TableExists,
  read: () => Promise<T>,
  missing: T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(await tableExists(db, table))) return missing;
    throw error;
  }
}
