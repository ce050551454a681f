import { type Kysely, sql } from 'kysely';

/** Whether `table` exists in the connection's database, asked of information_schema for it alone. */
export async function mysqlTableExists(db: Kysely<any>, table: string): Promise<boolean> {
  const { rows } =
    await sql`SELECT 1 AS found FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table}`.execute(db);
  return rows.length > 0;
}
