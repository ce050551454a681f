import { Client } from 'pg';
import { HISTORY_TABLES, type Row, sortRows } from './sqlite-state';

/**
 * What the pipeline reads from a PostgreSQL database besides the adapter's introspection: the catalog, in full,
 * to compare two states of a database, and the user tables' rows. One short-lived `pg` client per call, on the
 * database's own schema (`current_schema()`, `public` on a fresh database).
 */
export async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every schema a migration may have created tables or types in: all but the system's. */
const USER_SCHEMA = `(n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema')`;

/** A name as the model spells it: plain in the current schema, `schema.name` in another. */
const modelName = (name: string) => `CASE WHEN n.nspname = current_schema() THEN ${name}::text ELSE n.nspname || '.' || ${name} END`;

const USER_TABLES = `
  SELECT c.oid, ${modelName('c.relname')} AS relname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY ($1::text[]) AND n.nspname = current_schema())`;

export interface PostgresFingerprint {
  /** Every relation of the schema (tables, indexes, sequences, views) by name and kind. */
  readonly relations: readonly Row[];
  /** Per table: columns in order (by rank, not attnum: dropped columns leave gaps), constraints, indexes. */
  readonly tables: Readonly<Record<string, { columns: Row[]; constraints: Row[]; indexes: Row[] }>>;
  /** Every type of the schema that is not a table's row type: enums with their labels in order. */
  readonly types: readonly Row[];
  /** The schemas besides the system's. */
  readonly schemas: readonly Row[];
}

/**
 * Everything PostgreSQL reports about the schema that a migration can change, as the server deparses it
 * (`format_type`, `pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`), in a stable order. History tables
 * included: their rows are compared elsewhere, their shape must not change either. Columns are compared by name,
 * not by place: PostgreSQL cannot move a column, so a conversion through a new column puts it last while a type
 * change in place keeps it where it is, and up -> down -> up may leave a column elsewhere than the first up did.
 */
export async function postgresFingerprint(url: string): Promise<PostgresFingerprint> {
  return withPostgres(url, async (client) => {
    const relations = (
      await client.query(
        `SELECT ${modelName('c.relname')} AS name, c.relkind::text AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE ${USER_SCHEMA} AND c.relkind <> 'c'
         ORDER BY name, kind`,
      )
    ).rows as Row[];
    const columns = (
      await client.query(
        `WITH t AS (${USER_TABLES})
         SELECT t.relname AS table, a.attname AS name,
                pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
                pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity,
                a.attgenerated::text AS generated, co.collname AS collation
         FROM t
         JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
         ORDER BY t.relname, a.attname`,
        [[]],
      )
    ).rows as Row[];
    const constraints = (
      await client.query(
        `WITH t AS (${USER_TABLES})
         SELECT t.relname AS table, con.conname AS name, con.contype::text AS type,
                pg_catalog.pg_get_constraintdef(con.oid) AS definition, con.convalidated AS validated,
                con.condeferrable AS deferrable
         FROM t JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid
         ORDER BY t.relname, con.conname`,
        [[]],
      )
    ).rows as Row[];
    const indexes = (
      await client.query(
        `WITH t AS (${USER_TABLES})
         SELECT t.relname AS table, ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS definition
         FROM t
         JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
         JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
         ORDER BY t.relname, ic.relname`,
        [[]],
      )
    ).rows as Row[];
    const types = (
      await client.query(
        `SELECT ${modelName('t.typname')} AS name, t.typtype::text AS kind,
                array(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         WHERE ${USER_SCHEMA} AND t.typrelid = 0 AND t.typelem = 0
         ORDER BY name`,
      )
    ).rows as Row[];

    const tables: Record<string, { columns: Row[]; constraints: Row[]; indexes: Row[] }> = {};
    const of = (rows: Row[], table: string): Row[] => rows.filter((row) => row.table === table).map(({ table: _table, ...rest }) => rest);
    for (const table of [...new Set(columns.map((row) => row.table as string))]) {
      tables[table] = { columns: of(columns, table), constraints: of(constraints, table), indexes: of(indexes, table) };
    }
    const schemas = (await client.query(`SELECT n.nspname AS name FROM pg_catalog.pg_namespace n WHERE ${USER_SCHEMA} ORDER BY n.nspname`))
      .rows as Row[];
    return { relations, tables, types, schemas };
  });
}

/** The user tables' rows (history tables left out), each table's rows sorted, for comparison. */
export async function postgresUserRows(url: string): Promise<Record<string, Row[]>> {
  return withPostgres(url, async (client) => {
    const names = (await client.query(`${USER_TABLES} ORDER BY c.relname`, [[...HISTORY_TABLES]])).rows.map(
      (row: { relname: string }) => row.relname,
    );
    const rows: Record<string, Row[]> = {};
    for (const name of names) {
      const quoted = name
        .split('.')
        .map((part) => `"${part.replace(/"/g, '""')}"`)
        .join('.');
      rows[name] = sortRows((await client.query(`SELECT * FROM ${quoted}`)).rows as Row[]);
    }
    return rows;
  });
}

/** Constraints the server has not checked against the rows (added `NOT VALID`): PostgreSQL's foreign_key_check. */
export async function postgresUnvalidatedConstraints(url: string): Promise<Row[]> {
  return withPostgres(
    url,
    async (client) =>
      (
        await client.query(
          `WITH t AS (${USER_TABLES})
         SELECT t.relname AS table, con.conname AS name
         FROM t JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid
         WHERE NOT con.convalidated ORDER BY t.relname, con.conname`,
          [[]],
        )
      ).rows as Row[],
  );
}

/** The history rows' names, in apply order. */
export async function postgresAppliedNames(url: string): Promise<string[]> {
  return withPostgres(url, async (client) => {
    const exists = (await client.query('SELECT to_regclass($1) IS NOT NULL AS found', [HISTORY_TABLES[0]])).rows[0].found;
    if (!exists) return [];
    return (await client.query(`SELECT name FROM "${HISTORY_TABLES[0]}" ORDER BY timestamp, name`)).rows.map(
      (row: { name: string }) => row.name,
    );
  });
}

/**
 * What identifies the user tables, indexes, constraints and enum types as stored, whatever their names: each
 * relation's oid and file (a rewrite gives a table or index a new file, a re-creation a new oid), each
 * constraint's oid and whether it is validated, each enum type's oid. A rename changes none of them.
 */
export async function postgresStorageIdentity(url: string): Promise<Row> {
  return withPostgres(url, async (client) => {
    const rows = async (text: string) => (await client.query(text)).rows as Row[];
    return {
      relations: await rows(
        `SELECT c.oid::int AS oid, c.relfilenode::int AS file, c.relkind::text AS kind
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p', 'i') ORDER BY c.oid`,
      ),
      constraints: await rows(
        `SELECT con.oid::int AS oid, con.contype::text AS type, con.convalidated AS validated
         FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace
         WHERE ${USER_SCHEMA} ORDER BY con.oid`,
      ),
      enums: await rows(
        `SELECT t.oid::int AS oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         WHERE ${USER_SCHEMA} AND t.typtype = 'e' ORDER BY t.oid`,
      ),
    };
  });
}
