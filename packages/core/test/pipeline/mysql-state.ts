import type { Connection } from 'mysql2/promise';
import { HISTORY_TABLES, type Row, sortRows } from './sqlite-state';
import mysql from 'mysql2/promise';

/**
 * What the pipeline reads from a MySQL / MariaDB database besides the adapter's introspection: information_schema,
 * in full, to compare two states of a database, and the user tables' rows. One short-lived mysql2 connection per
 * call, on the database the URL names (`DATABASE()`), reading values the way the adapter's pool does (DATETIME
 * as a `Date` in UTC, DECIMAL as a string, BIGINT as a number when it fits).
 */
export async function withMysql<T>(url: string, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({
    uri: url,
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
    timezone: 'Z',
  });
  try {
    return await work(conn);
  } finally {
    await conn.end();
  }
}

const query = async (conn: Connection, text: string, values: unknown[] = []): Promise<Row[]> =>
  (await conn.query(text, values))[0] as Row[];

/** `name` as a MySQL identifier. */
export const quoteMysql = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

export interface MysqlFingerprint {
  /** Every table of the database (base tables, views, sequences) by name and type. */
  readonly tables: readonly Row[];
  /** Per table: columns in ordinal order, index columns, foreign key columns, CHECK constraints. */
  readonly byTable: Readonly<Record<string, { columns: Row[]; indexes: Row[]; foreignKeys: Row[]; checks: Row[] }>>;
}

/**
 * Everything information_schema reports about the schema that a migration can change, in a stable order:
 * COLUMNS (COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, in ordinal order), STATISTICS, REFERENTIAL_CONSTRAINTS
 * with KEY_COLUMN_USAGE, CHECK_CONSTRAINTS. History tables included: their rows are compared elsewhere, their
 * shape must not change either.
 */
export async function mysqlFingerprint(url: string): Promise<MysqlFingerprint> {
  return withMysql(url, async (conn) => {
    const tables = await query(
      conn,
      `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
    );
    const columns = await query(
      conn,
      `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS name, ORDINAL_POSITION AS position, COLUMN_TYPE AS type,
              IS_NULLABLE AS nullable, COLUMN_DEFAULT AS \`default\`, EXTRA AS extra,
              CHARACTER_SET_NAME AS charset, COLLATION_NAME AS \`collation\`
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
       ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    const indexes = await query(
      conn,
      `SELECT TABLE_NAME AS \`table\`, INDEX_NAME AS name, NON_UNIQUE AS non_unique, SEQ_IN_INDEX AS seq,
              COLUMN_NAME AS \`column\`, SUB_PART AS sub_part, INDEX_TYPE AS index_type
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
       ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
    const foreignKeys = await query(
      conn,
      `SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.ORDINAL_POSITION AS position,
              k.COLUMN_NAME AS \`column\`, k.REFERENCED_TABLE_NAME AS referenced_table,
              k.REFERENCED_COLUMN_NAME AS referenced_column, r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
       FROM information_schema.KEY_COLUMN_USAGE AS k
       JOIN information_schema.REFERENTIAL_CONSTRAINTS AS r
         ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
       WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
       ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    );
    const checks = await query(
      conn,
      `SELECT TABLE_NAME AS \`table\`, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
       FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
       ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    );
    const byTable: Record<string, { columns: Row[]; indexes: Row[]; foreignKeys: Row[]; checks: Row[] }> = {};
    const of = (rows: Row[], table: string): Row[] => rows.filter((row) => row.table === table).map(({ table: _table, ...rest }) => rest);
    for (const { name } of tables as { name: string }[]) {
      byTable[name] = {
        columns: of(columns, name),
        indexes: of(indexes, name),
        foreignKeys: of(foreignKeys, name),
        checks: of(checks, name),
      };
    }
    return { tables, byTable };
  });
}

/** The names of the user tables (history tables left out), sorted. */
async function userTables(conn: Connection): Promise<string[]> {
  return (
    await query(
      conn,
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    )
  )
    .map((row) => row.name as string)
    .filter((name) => !(HISTORY_TABLES as readonly string[]).includes(name));
}

/** The user tables' rows (history tables left out), each table's rows sorted, for comparison. */
export async function mysqlUserRows(url: string): Promise<Record<string, Row[]>> {
  return withMysql(url, async (conn) => {
    const rows: Record<string, Row[]> = {};
    for (const name of await userTables(conn)) rows[name] = sortRows(await query(conn, `SELECT * FROM ${quoteMysql(name)}`));
    return rows;
  });
}

/**
 * Rows whose foreign key points nowhere: what InnoDB would not have let in with `foreign_key_checks` on (a
 * migration, or a seed, could have turned it off). Empty when the data is consistent.
 */
export async function mysqlOrphanRows(url: string): Promise<Row[]> {
  return withMysql(url, async (conn) => {
    const keys = await query(
      conn,
      `SELECT k.TABLE_NAME AS \`table\`, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS \`column\`,
              k.REFERENCED_TABLE_NAME AS referenced_table, k.REFERENCED_COLUMN_NAME AS referenced_column
       FROM information_schema.KEY_COLUMN_USAGE AS k
       WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
       ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    );
    const byConstraint = new Map<string, Row[]>();
    for (const key of keys) {
      const id = `${key.table}\u0000${key.name}`;
      byConstraint.set(id, [...(byConstraint.get(id) ?? []), key]);
    }
    const problems: Row[] = [];
    for (const parts of byConstraint.values()) {
      const { table, name, referenced_table: referenced } = parts[0] as { table: string; name: string; referenced_table: string };
      const notNull = parts.map((p) => `c.${quoteMysql(p.column as string)} IS NOT NULL`).join(' AND ');
      const join = parts.map((p) => `p.${quoteMysql(p.referenced_column as string)} = c.${quoteMysql(p.column as string)}`).join(' AND ');
      const [{ n }] = (await query(
        conn,
        `SELECT COUNT(*) AS n FROM ${quoteMysql(table)} AS c WHERE ${notNull}
         AND NOT EXISTS (SELECT 1 FROM ${quoteMysql(referenced)} AS p WHERE ${join})`,
      )) as [{ n: number }];
      if (Number(n) > 0) problems.push({ table, name, orphans: Number(n) });
    }
    return problems;
  });
}

/** The history rows' names, in apply order. */
export async function mysqlAppliedNames(url: string): Promise<string[]> {
  return withMysql(url, async (conn) => {
    const exists = await query(conn, 'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [
      HISTORY_TABLES[0],
    ]);
    if (exists.length === 0) return [];
    return (await query(conn, `SELECT name FROM ${quoteMysql(HISTORY_TABLES[0])} ORDER BY timestamp, name`)).map(
      (row) => row.name as string,
    );
  });
}

/**
 * What identifies the database's tables and indexes as InnoDB stores them, whatever their names: table ids (a
 * table copied, or rebuilt in place, gets a new one) and index ids (an index created again gets a new one). A
 * rename, and a foreign key added again without a copy, change none of them.
 */
export async function mysqlStorageIdentity(url: string): Promise<Row> {
  return withMysql(url, async (conn) => {
    const [database] = await query(conn, 'SELECT DATABASE() AS name');
    const prefix = `${String(database!.name)}/%`;
    return {
      tables: await query(conn, 'SELECT TABLE_ID AS id FROM information_schema.INNODB_SYS_TABLES WHERE NAME LIKE ? ORDER BY TABLE_ID', [
        prefix,
      ]),
      indexes: await query(
        conn,
        `SELECT i.INDEX_ID AS id FROM information_schema.INNODB_SYS_INDEXES i
         JOIN information_schema.INNODB_SYS_TABLES t ON t.TABLE_ID = i.TABLE_ID
         WHERE t.NAME LIKE ? ORDER BY i.INDEX_ID`,
        [prefix],
      ),
    };
  });
}
