import Database from 'better-sqlite3';
import { runnerTableNames } from '../../src/runner/runner-tables';

/** The tables gati-migrations owns (applied migrations, run history, lock), with the default `tableName`, applied first. */
export const HISTORY_TABLES = runnerTableNames('gati_migrations');

export type Row = Record<string, unknown>;

/** Opens the file with better-sqlite3 (foreign keys ON, as better-sqlite3 sets them), runs `work`, closes it. */
export function withSqlite<T>(filename: string, work: (db: Database.Database) => T): T {
  const db = new Database(filename, { fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export interface SchemaFingerprint {
  /** `sqlite_master` without `rootpage`, SQL with runs of whitespace collapsed. */
  readonly master: readonly Row[];
  /** Per table: `pragma table_info`, `index_list` with each index's `index_info`, `foreign_key_list`. */
  readonly tables: Readonly<Record<string, { columns: Row[]; indexes: Row[]; foreignKeys: Row[] }>>;
}

/** Everything SQLite reports about the schema, in a stable order, for comparing two states of a database. */
export function schemaFingerprint(filename: string): SchemaFingerprint {
  return withSqlite(filename, (db) => {
    const master = (db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as Row[]).map(
      (row): Row => ({ ...row, sql: typeof row.sql === 'string' ? row.sql.replace(/\s+/g, ' ').trim() : row.sql }),
    );
    const tables: Record<string, { columns: Row[]; indexes: Row[]; foreignKeys: Row[] }> = {};
    for (const { name } of master.filter((row) => row.type === 'table') as { name: string }[]) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const indexes = (db.prepare(`PRAGMA index_list(${quoted})`).all() as Row[])
        .map((index): Row => ({
          ...index,
          seq: undefined,
          columns: db.prepare(`PRAGMA index_info("${String(index.name).replace(/"/g, '""')}")`).all(),
        }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      tables[name] = {
        columns: db.prepare(`PRAGMA table_info(${quoted})`).all() as Row[],
        indexes,
        foreignKeys: db.prepare(`PRAGMA foreign_key_list(${quoted})`).all() as Row[],
      };
    }
    return { master, tables };
  });
}

/** The user tables' rows (history and internal tables left out), each table's rows sorted, for comparison. */
export function userRows(filename: string): Record<string, Row[]> {
  return withSqlite(filename, (db) => {
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
        name: string;
      }[]
    )
      .map((row) => row.name)
      .filter((name) => !(HISTORY_TABLES as readonly string[]).includes(name));
    const rows: Record<string, Row[]> = {};
    for (const name of names) rows[name] = sortRows(db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as Row[]);
    return rows;
  });
}

export function sortRows(rows: readonly Row[]): Row[] {
  return [...rows].map((row) => ({ ...row })).sort((a, b) => stableKey(a).localeCompare(stableKey(b)));
}

function stableKey(row: Row): string {
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map((key) => [key, row[key] instanceof Buffer ? String(row[key]) : row[key]]),
  );
}

/** Inserts rows, table by table in the order given, with foreign keys enforced. */
export function insertRows(filename: string, rows: Readonly<Record<string, readonly Row[]>>): void {
  withSqlite(filename, (db) => {
    for (const [table, tableRows] of Object.entries(rows)) {
      for (const row of tableRows) {
        const columns = Object.keys(row);
        const statement = db.prepare(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        statement.run(...columns.map((c) => toSqlite(row[c])));
      }
    }
  });
}

function toSqlite(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** The history rows' names, in apply order. */
export function appliedNames(filename: string): string[] {
  return withSqlite(filename, (db) => {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(HISTORY_TABLES[0]);
    if (!exists) return [];
    return (db.prepare(`SELECT name FROM "${HISTORY_TABLES[0]}" ORDER BY timestamp, name`).all() as { name: string }[]).map((r) => r.name);
  });
}

/**
 * What identifies the tables as stored, whatever their names: their root pages (a rebuilt table is a new table
 * on new pages). Indexes are left out: SQLite cannot rename an index, so one named after a renamed table or
 * column is created again, by design.
 */
export function sqliteStorageIdentity(filename: string): Row[] {
  return withSqlite(filename, (db) =>
    db
      .prepare("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rootpage")
      .all(),
  ) as Row[];
}
