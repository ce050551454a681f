import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { type ServerDatabase, createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../../../../test/support/test-databases';
import type { Adapter } from '../../src/adapter';
import { type SqlConfig, resolveSqlConfig } from '../../src/config';
import { mysqlFingerprint, mysqlOrphanRows, mysqlStorageIdentity, mysqlUserRows } from './mysql-state';
import { postgresFingerprint, postgresStorageIdentity, postgresUnvalidatedConstraints, postgresUserRows } from './postgresql-state';
import { type Row, insertRows, schemaFingerprint, sqliteStorageIdentity, userRows, withSqlite } from './sqlite-state';

/**
 * The per-database part of the pipeline tests: how to get a fresh database, configure the API for it, and read
 * back its schema and rows. Everything else (generate, up, convergence, idempotence, down, up) is one code
 * path for every entry of {@link DIALECTS}; a new database is one more entry.
 */
export type DialectName = 'sqlite' | 'postgresql' | 'mysql';

/** A constraint a check expects the database to enforce; each dialect says how its error reads. */
export type Violation = 'unique' | 'foreignKey' | 'notNull' | 'enumValue';

export interface PipelineDialect {
  readonly name: DialectName;
  /** For test names: `SQLite`, `PostgreSQL`, `MySQL`. */
  readonly label: string;
  readonly adapter: Adapter;
  /** How many cases run at once (SQLite's work is synchronous and in-process: one). */
  readonly concurrency: number;
  /** False (after printing one SKIPPED line) when the server is unreachable outside CI; throws under CI. */
  available(): Promise<boolean>;
  /** A fresh, empty database for one case, under `root` where it is a file. */
  createDatabase(root: string): Promise<PipelineDatabase>;
  /** What the driver's error says when the database enforces that constraint. */
  readonly violations: Readonly<Record<Violation, RegExp>>;
  /** A row as the database stores and returns it, for expectations written with the model's values. */
  stored(row: Row): Row;
}

export interface PipelineDatabase {
  /** The API's configuration for this database, reading `entities`, migrations in `<root>/migrations`. */
  config(root: string, entities: string): SqlConfig;
  /** A Kysely instance for seeding and checks, with foreign keys enforced; the caller destroys it. */
  open(): Kysely<any>;
  insertRows(rows: Readonly<Record<string, readonly Row[]>>): Promise<void>;
  /** The user tables' rows, history tables left out, each table sorted. */
  userRows(): Promise<Record<string, Row[]>>;
  /** Everything the database reports about its schema, for comparing two states of it. */
  schemaFingerprint(): Promise<unknown>;
  /**
   * What identifies the stored tables, indexes and constraints whatever their names (oids, InnoDB ids, root
   * pages): it changes when one is rebuilt, copied or created again, not when one is renamed.
   */
  storageIdentity(): Promise<unknown>;
  /** What breaks referential integrity, in the dialect's terms: empty when the data is consistent. */
  integrityProblems(): Promise<unknown[]>;
  drop(): Promise<void>;
}

/** Booleans as 1 / 0; an array of scalars as its JSON text (a JSON array: MySQL and SQLite have no arrays). */
const toSqlite = (value: unknown): unknown =>
  Array.isArray(value) ? JSON.stringify(value) : typeof value === 'boolean' ? (value ? 1 : 0) : value;

export const SQLITE: PipelineDialect = {
  name: 'sqlite',
  label: 'SQLite',
  adapter: sqliteAdapter,
  concurrency: 1,
  available: async () => true,
  violations: {
    unique: /UNIQUE constraint failed/,
    foreignKey: /FOREIGN KEY constraint failed/,
    notNull: /NOT NULL constraint failed/,
    // An enum is a CHECK (col IN (…)) on its column.
    enumValue: /CHECK constraint failed/,
  },
  stored: (row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toSqlite(value)])),
  async createDatabase(root) {
    const file = path.join(root, 'db.sqlite');
    return {
      config: (configRoot, entities) =>
        resolveSqlConfig(
          { adapter: 'sqlite', connection: { filename: file }, directory: 'migrations', entities: [entities] },
          { root: configRoot },
        ),
      // better-sqlite3 enforces foreign keys unless told otherwise.
      open: () => new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file, { fileMustExist: true }) }) }),
      insertRows: async (rows) => insertRows(file, rows),
      userRows: async () => userRows(file),
      schemaFingerprint: async () => schemaFingerprint(file),
      storageIdentity: async () => sqliteStorageIdentity(file),
      integrityProblems: async () => withSqlite(file, (db) => db.prepare('PRAGMA foreign_key_check').all()),
      drop: async () => undefined, // the case's folder goes with the suite's temporary directory
    };
  },
};

export const POSTGRESQL: PipelineDialect = {
  name: 'postgresql',
  label: 'PostgreSQL',
  adapter: postgresqlAdapter,
  concurrency: 4,
  available: () => serverAvailable('postgresql'),
  violations: {
    unique: /duplicate key value violates unique constraint/,
    foreignKey: /violates foreign key constraint/,
    notNull: /violates not-null constraint/,
    enumValue: /invalid input value for enum/,
  },
  stored: (row) => ({ ...row }),
  createDatabase: () =>
    serverPipelineDatabase(postgresqlAdapter, 'postgresql', createPostgresDatabase, {
      userRows: postgresUserRows,
      schemaFingerprint: postgresFingerprint,
      storageIdentity: postgresStorageIdentity,
      // PostgreSQL checks a foreign key when it is added, unless it is added NOT VALID.
      integrityProblems: postgresUnvalidatedConstraints,
    }),
};

/** An ISO instant in UTC, as a check writes a timestamp. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/**
 * Booleans are tinyint(1) (1 / 0); a timestamp is a DATETIME(3), which takes no ISO text with a `Z` and comes
 * back as a Date (UTC: the pool's `timezone: 'Z'`), so an ISO instant is written and expected as a Date.
 */
const toMysql = (value: unknown): unknown => (typeof value === 'string' && ISO_UTC.test(value) ? new Date(value) : toSqlite(value));

/**
 * MySQL, tested on MariaDB 10.11 (the local server; GATI_TEST_MYSQL_URL): a fresh database per case. Booleans are
 * tinyint(1), so they come back as 1 / 0, as on SQLite.
 */
export const MYSQL: PipelineDialect = {
  name: 'mysql',
  label: 'MySQL',
  adapter: mysqlAdapter,
  concurrency: 3,
  available: () => serverAvailable('mysql'),
  violations: {
    unique: /Duplicate entry/,
    // "Cannot add or update a child row" / "Cannot delete or update a parent row": a foreign key constraint fails
    foreignKey: /a foreign key constraint fails/,
    notNull: /cannot be null/,
    // An inline ENUM('a','b') column, under strict SQL mode (the server's default).
    enumValue: /Data truncated for column/,
  },
  stored: (row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toMysql(value)])),
  createDatabase: () =>
    serverPipelineDatabase(mysqlAdapter, 'mysql', createMysqlDatabase, {
      userRows: mysqlUserRows,
      schemaFingerprint: mysqlFingerprint,
      storageIdentity: mysqlStorageIdentity,
      // InnoDB checks a foreign key when it is added (unless foreign_key_checks is off): look for orphans.
      integrityProblems: mysqlOrphanRows,
    }),
};

/**
 * A fresh database on a test server for one case: its config, a Kysely on it, seeding, and the reads the
 * dialect's state module makes of it (by URL).
 */
async function serverPipelineDatabase(
  adapter: Adapter,
  adapterName: 'postgresql' | 'mysql',
  create: () => Promise<ServerDatabase>,
  reads: {
    userRows(url: string): Promise<Record<string, Row[]>>;
    schemaFingerprint(url: string): Promise<unknown>;
    storageIdentity(url: string): Promise<unknown>;
    integrityProblems(url: string): Promise<unknown[]>;
  },
): Promise<PipelineDatabase> {
  const server = await create();
  const open = () => new Kysely<any>({ dialect: adapter.createDialect({ url: server.url }) });
  return {
    config: (configRoot, entities) =>
      resolveSqlConfig(
        { adapter: adapterName, connection: { url: server.url }, directory: 'migrations', entities: [entities] },
        { root: configRoot },
      ),
    open,
    async insertRows(rows) {
      const db = open();
      try {
        for (const [table, tableRows] of Object.entries(rows)) {
          for (const row of tableRows) await db.insertInto(table).values(row).execute();
        }
      } finally {
        await db.destroy();
      }
    },
    userRows: () => reads.userRows(server.url),
    schemaFingerprint: () => reads.schemaFingerprint(server.url),
    storageIdentity: () => reads.storageIdentity(server.url),
    integrityProblems: () => reads.integrityProblems(server.url),
    drop: () => server.drop(),
  };
}

/** Every database the pipeline runs on. */
export const DIALECTS: readonly PipelineDialect[] = [SQLITE, POSTGRESQL, MYSQL];
