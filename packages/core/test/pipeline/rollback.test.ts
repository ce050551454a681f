import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateUp, migrationStatus } from '../../src/api';
import { resolveConfig } from '../../src/config';
import { MigrationFailedError } from '../../src/errors';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable, withServerDatabase } from '../../../../test/support/test-databases';
import { mysqlAppliedNames, mysqlFingerprint, mysqlUserRows } from './mysql-state';
import { postgresAppliedNames, postgresFingerprint, postgresUserRows } from './postgresql-state';
import { type Row, appliedNames, userRows, withSqlite } from './sqlite-state';

/**
 * A migration that fails half-way on SQLite leaves nothing behind: its DDL and data changes roll back with it,
 * no history row is written, and the schema is exactly what it was (same sqlite_master rows, root pages
 * included, and the same schema cookie).
 */
const GOOD = `import { defineMigration, sql, type Kysely } from '@gati-framework/migrations';
export default defineMigration({
  version: '2024-01-15T10:00:00Z',
  up: async (db: Kysely<any>) => {
    await db.schema.createTable('accounts').addColumn('id', 'integer', (col) => col.primaryKey()).addColumn('name', 'text').execute();
    await db.insertInto('accounts').values([{ id: 1, name: 'Ada' }, { id: 2, name: 'Lin' }]).execute();
  },
  down: async (db: Kysely<any>) => {
    await db.schema.dropTable('accounts').execute();
  },
});
`;

const FAILING = `import { defineMigration, sql, type Kysely } from '@gati-framework/migrations';
export default defineMigration({
  version: '2024-02-01T00:00:00Z',
  up: async (db: Kysely<any>) => {
    await db.schema.createTable('widgets').addColumn('id', 'integer', (col) => col.primaryKey()).addColumn('label', 'text').execute();
    await db.insertInto('widgets').values({ id: 1, label: 'first' }).execute();
    await db.schema.alterTable('widgets').addColumn('weight', 'real').execute();
    await db.schema.createIndex('widgets_label_idx').on('widgets').column('label').execute();
    await db.schema.alterTable('accounts').addColumn('email', 'text').execute();
    await db.schema.alterTable('accounts').renameColumn('name', 'full_name').execute();
    await db.updateTable('accounts').set({ email: 'x@y.z' }).execute();
    await db.deleteFrom('accounts').where('id', '=', 2).execute();
    await sql\`DROP TABLE IF EXISTS nothing_here\`.execute(db);
    throw new Error('deliberate failure after the changes');
  },
  down: async (db: Kysely<any>) => {
    await db.schema.dropTable('widgets').execute();
  },
});
`;

describe('a failing migration on SQLite', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-rollback-'));
    fs.mkdirSync(path.join(root, 'migrations'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function masterAndCookie(file: string): { master: Row[]; schemaVersion: unknown; rows: Record<string, Row[]> } {
    return {
      master: withSqlite(
        file,
        (db) => db.prepare('SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY type, name').all() as Row[],
      ),
      schemaVersion: withSqlite(file, (db) => db.pragma('schema_version', { simple: true })),
      rows: userRows(file),
    };
  }

  it('rejects with a MigrationFailedError naming it and its cause, and rolls back every change', async () => {
    const config = resolveConfig(
      { adapter: 'sqlite', connection: { filename: 'db.sqlite' }, directory: 'migrations', entities: ['unused.ts'] },
      { root },
    );
    const dbFile = config.connection.filename as string;
    fs.writeFileSync(path.join(root, 'migrations', '20240115100000_create_accounts.ts'), GOOD);
    await migrateUp(config);
    const before = masterAndCookie(dbFile);
    expect(before.rows.accounts).toHaveLength(2);

    fs.writeFileSync(path.join(root, 'migrations', '20240201000000_break_things.ts'), FAILING);
    const failure = await migrateUp(config).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(MigrationFailedError);
    const error = failure as MigrationFailedError;
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.migration).toBe('20240201000000_break_things');
    expect(error.message).toContain('20240201000000_break_things');
    expect(error.message).toContain('deliberate failure after the changes');
    expect((error.cause as Error).message).toBe('deliberate failure after the changes');

    expect(masterAndCookie(dbFile)).toEqual(before);
    expect(appliedNames(dbFile)).toEqual(['20240115100000_create_accounts']);
    const status = await migrationStatus(config);
    expect(status.migrations.map((m) => [m.name, m.state])).toEqual([
      ['20240115100000_create_accounts', 'applied'],
      ['20240201000000_break_things', 'failed'],
    ]);
  });

  it('stops at the failing migration: the ones before it in the same run stay applied, the ones after do not run', async () => {
    const config = resolveConfig(
      { adapter: 'sqlite', connection: { filename: 'db.sqlite' }, directory: 'migrations', entities: ['unused.ts'] },
      { root },
    );
    const dbFile = config.connection.filename as string;
    fs.writeFileSync(path.join(root, 'migrations', '20240115100000_create_accounts.ts'), GOOD);
    fs.writeFileSync(path.join(root, 'migrations', '20240201000000_break_things.ts'), FAILING);
    fs.writeFileSync(
      path.join(root, 'migrations', '20240301000000_never_runs.ts'),
      GOOD.replace("createTable('accounts')", "createTable('later')")
        .replace("insertInto('accounts')", "insertInto('later')")
        .replace('2024-01-15T10:00:00Z', '2024-03-01T00:00:00Z'),
    );

    await expect(migrateUp(config)).rejects.toThrow(MigrationFailedError);
    expect(appliedNames(dbFile)).toEqual(['20240115100000_create_accounts']);
    const tables = withSqlite(dbFile, (db) =>
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'gati_%' ORDER BY name").all() as Row[]).map(
        (r) => r.name,
      ),
    );
    expect(tables).toEqual(['accounts']);
    expect(userRows(dbFile).accounts).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Lin' },
    ]);
  });
});

/**
 * The same on PostgreSQL, whose DDL is transactional: a migration that fails half-way leaves no table, column,
 * index or type of its own behind, changes no row, and writes no history row.
 */
describe('a failing migration on PostgreSQL', () => {
  // The failing migration also creates a named enum type, which only PostgreSQL has.
  const FAILING_PG = FAILING.replace(
    "    throw new Error('deliberate failure after the changes');",
    "    await db.schema.createType('widget_mood').asEnum(['calm', 'busy']).execute();\n    throw new Error('deliberate failure after the changes');",
  );
  let available = false;
  let root: string;

  beforeAll(async () => {
    available = await serverAvailable('postgresql');
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-rollback-pg-'));
    fs.mkdirSync(path.join(root, 'migrations'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const withDatabase = (work: (url: string) => Promise<void>) => withServerDatabase(createPostgresDatabase, work);

  const configFor = (url: string) =>
    resolveConfig({ adapter: 'postgresql', connection: { url }, directory: 'migrations', entities: ['unused.ts'] }, { root });

  it('rejects with a MigrationFailedError naming it and its cause, and rolls back every change', async () => {
    if (!available) return;
    expect(FAILING_PG).toContain('widget_mood');
    await withDatabase(async (url) => {
      const config = configFor(url);
      fs.writeFileSync(path.join(root, 'migrations', '20240115100000_create_accounts.ts'), GOOD);
      await migrateUp(config);
      const state = async () => ({ schema: await postgresFingerprint(url), rows: await postgresUserRows(url) });
      const before = await state();
      expect(before.rows.accounts).toHaveLength(2);

      fs.writeFileSync(path.join(root, 'migrations', '20240201000000_break_things.ts'), FAILING_PG);
      const failure = await migrateUp(config).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(MigrationFailedError);
      const error = failure as MigrationFailedError;
      expect(error.code).toBe('MIGRATION_FAILED');
      expect(error.migration).toBe('20240201000000_break_things');
      expect(error.message).toContain('20240201000000_break_things');
      expect(error.message).toContain('deliberate failure after the changes');
      expect((error.cause as Error).message).toBe('deliberate failure after the changes');

      const after = await state();
      expect(after).toEqual(before);
      expect(after.schema.relations.map((r) => r.name)).not.toContain('widgets');
      expect(after.schema.types.map((t) => t.name)).not.toContain('widget_mood');
      expect(await postgresAppliedNames(url)).toEqual(['20240115100000_create_accounts']);
      const status = await migrationStatus(config);
      expect(status.migrations.map((m) => [m.name, m.state])).toEqual([
        ['20240115100000_create_accounts', 'applied'],
        ['20240201000000_break_things', 'failed'],
      ]);
    });
  });

  it('stops at the failing migration: the ones before it in the same run stay applied, the ones after do not run', async () => {
    if (!available) return;
    await withDatabase(async (url) => {
      const config = configFor(url);
      fs.writeFileSync(path.join(root, 'migrations', '20240115100000_create_accounts.ts'), GOOD);
      fs.writeFileSync(path.join(root, 'migrations', '20240201000000_break_things.ts'), FAILING_PG);
      fs.writeFileSync(
        path.join(root, 'migrations', '20240301000000_never_runs.ts'),
        GOOD.replace("createTable('accounts')", "createTable('later')")
          .replace("insertInto('accounts')", "insertInto('later')")
          .replace('2024-01-15T10:00:00Z', '2024-03-01T00:00:00Z'),
      );

      await expect(migrateUp(config)).rejects.toThrow(MigrationFailedError);
      expect(await postgresAppliedNames(url)).toEqual(['20240115100000_create_accounts']);
      const rows = await postgresUserRows(url);
      expect(Object.keys(rows)).toEqual(['accounts']);
      expect(rows.accounts).toEqual([
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Lin' },
      ]);
    });
  });
});

/**
 * On MySQL (tested on MariaDB 10.11) DDL is not transactional: every CREATE, ALTER and DROP commits implicitly,
 * so a migration that fails half-way leaves its first statements applied (mysqlCapabilities, transactionalDdl:
 * false; https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html), and the atomicity above is not a
 * property there. What still holds: the failure is reported as a MigrationFailedError naming the migration, and
 * the migration is not recorded as applied, so that it stays pending.
 */
describe('a failing migration on MySQL', () => {
  // MySQL spellings: an index on a TEXT column needs a key length, so label is a varchar.
  const FAILING_MYSQL = `import { defineMigration, type Kysely } from '@gati-framework/migrations';
export default defineMigration({
  version: '2024-02-01T00:00:00Z',
  up: async (db: Kysely<any>) => {
    await db.schema.createTable('widgets').addColumn('id', 'integer', (col) => col.primaryKey()).addColumn('label', 'varchar(40)').execute();
    await db.insertInto('widgets').values({ id: 1, label: 'first' }).execute();
    await db.schema.createIndex('widgets_label_idx').on('widgets').column('label').execute();
    throw new Error('deliberate failure after the changes');
  },
  down: async (db: Kysely<any>) => {
    await db.schema.dropTable('widgets').execute();
  },
});
`;
  let available = false;
  let root: string;

  beforeAll(async () => {
    available = await serverAvailable('mysql');
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-rollback-mysql-'));
    fs.mkdirSync(path.join(root, 'migrations'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const withDatabase = (work: (url: string) => Promise<void>) => withServerDatabase(createMysqlDatabase, work);

  const configFor = (url: string) =>
    resolveConfig({ adapter: 'mysql', connection: { url }, directory: 'migrations', entities: ['unused.ts'] }, { root });

  it('rejects with a MigrationFailedError naming it and its cause, and does not record it as applied', async () => {
    if (!available) return;
    await withDatabase(async (url) => {
      const config = configFor(url);
      fs.writeFileSync(path.join(root, 'migrations', '20240115100000_create_accounts.ts'), GOOD);
      await migrateUp(config);
      const history = async () => (await mysqlFingerprint(url)).byTable.gati_migrations;
      const historyBefore = await history();
      expect(await mysqlAppliedNames(url)).toEqual(['20240115100000_create_accounts']);

      fs.writeFileSync(path.join(root, 'migrations', '20240201000000_break_things.ts'), FAILING_MYSQL);
      const failure = await migrateUp(config).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(MigrationFailedError);
      const error = failure as MigrationFailedError;
      expect(error.code).toBe('MIGRATION_FAILED');
      expect(error.migration).toBe('20240201000000_break_things');
      expect(error.message).toContain('20240201000000_break_things');
      expect(error.message).toContain('deliberate failure after the changes');
      expect((error.cause as Error).message).toBe('deliberate failure after the changes');

      expect(await mysqlAppliedNames(url)).toEqual(['20240115100000_create_accounts']);
      expect(await history()).toEqual(historyBefore);
      const status = await migrationStatus(config);
      expect(status.migrations.map((m) => [m.name, m.state])).toEqual([
        ['20240115100000_create_accounts', 'applied'],
        ['20240201000000_break_things', 'failed'],
      ]);
      // As documented, not rolled back: the DDL committed implicitly (and the row with it).
      const rows = await mysqlUserRows(url);
      expect(rows.accounts).toEqual([
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Lin' },
      ]);
      expect(rows.widgets).toEqual([{ id: 1, label: 'first' }]);
    });
  });

  it('stops at the failing migration: the ones before it in the same run stay applied, the ones after do not run', async () => {
    if (!available) return;
    await withDatabase(async (url) => {
      const config = configFor(url);
      fs.writeFileSync(path.join(root, 'migrations', '20240115100000_create_accounts.ts'), GOOD);
      fs.writeFileSync(path.join(root, 'migrations', '20240201000000_break_things.ts'), FAILING_MYSQL);
      fs.writeFileSync(
        path.join(root, 'migrations', '20240301000000_never_runs.ts'),
        GOOD.replace("createTable('accounts')", "createTable('later')")
          .replace("insertInto('accounts')", "insertInto('later')")
          .replace('2024-01-15T10:00:00Z', '2024-03-01T00:00:00Z'),
      );

      await expect(migrateUp(config)).rejects.toThrow(MigrationFailedError);
      expect(await mysqlAppliedNames(url)).toEqual(['20240115100000_create_accounts']);
      const rows = await mysqlUserRows(url);
      expect(Object.keys(rows)).not.toContain('later');
      expect(rows.accounts).toEqual([
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Lin' },
      ]);
      const status = await migrationStatus(config);
      expect(status.migrations.map((m) => [m.name, m.state])).toEqual([
        ['20240115100000_create_accounts', 'applied'],
        ['20240201000000_break_things', 'failed'],
        ['20240301000000_never_runs', 'pending'],
      ]);
    });
  });
});
