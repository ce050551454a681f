import { type Kysely, sql } from 'kysely';

/** Whether `table` exists where an unqualified name finds it (the search_path), asked of the catalog for it alone. */
export async function postgresqlTableExists(db: Kysely<any>, table: string): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`SELECT to_regclass(quote_ident(${table})) IS NOT NULL AS found`.execute(db);
  return rows[0]?.found === true;
}
