import { GatiError } from '@gati-framework/migrations';
import { type Kysely, sql } from 'kysely';

interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
  fkid: number;
}

/**
 * `PRAGMA foreign_key_check`, the last step of SQLite's table-rebuild procedure: migrations run with foreign
 * keys off, so a rebuild (or a data step) could otherwise commit rows that reference nothing. Throwing here
 * rolls the migration back.
 */
export async function checkSqliteForeignKeys(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<ForeignKeyViolation>`PRAGMA foreign_key_check`.execute(db);
  if (rows.length === 0) return;
  const shown = rows
    .slice(0, 5)
    .map((r) => `${r.table}${r.rowid === null ? '' : ` row ${r.rowid}`} references a missing ${r.parent} row`)
    .join('; ');
  throw new GatiError(
    'FOREIGN_KEY_VIOLATION',
    `${rows.length} row${rows.length > 1 ? 's' : ''} would break foreign keys (${shown}${rows.length > 5 ? '; …' : ''}). Fix or delete them, or add a data step that does.`,
  );
}
