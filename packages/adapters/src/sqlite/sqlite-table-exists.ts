import { type Kysely, sql } from 'kysely';

/** Whether `table` exists in the main database, asked of sqlite_master for it alone. */
export async function sqliteTableExists(db: Kysely<any>, table: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(db);
  return rows.length > 0;
}
