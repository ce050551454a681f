import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kysely, sql } from 'kysely';
import { ConfigError, ConnectionError, type ConnectionOptions } from '@gati-framework/migrations';
import { DEFAULT_SQLITE_FILENAME, resolveSqliteTarget, sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';

describe('sqlite dialect factory', () => {
  let dir: string;
  const opened: Kysely<any>[] = [];
  const originalCwd = process.cwd();

  function connect(connection: ConnectionOptions): Kysely<any> {
    const db = new Kysely<any>({ dialect: sqliteAdapter.createDialect(connection) });
    opened.push(db);
    return db;
  }

  async function roundTrip(db: Kysely<any>): Promise<void> {
    await sql`CREATE TABLE t (v TEXT)`.execute(db);
    await sql`INSERT INTO t (v) VALUES ('ok')`.execute(db);
    const { rows } = await sql<{ v: string }>`SELECT v FROM t`.execute(db);
    expect(rows).toEqual([{ v: 'ok' }]);
  }

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-sqlite-dialect-')));
  });

  afterEach(async () => {
    process.chdir(originalCwd);
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('connection forms', () => {
    it('opens { filename } and creates missing parent directories', async () => {
      const file = path.join(dir, 'nested', 'deeper', 'app.db');
      await roundTrip(connect({ filename: file }));
      expect(fs.statSync(file).isFile()).toBe(true);
    });

    it('opens sqlite:/abs/path.db', async () => {
      const file = path.join(dir, 'abs.db');
      await roundTrip(connect({ url: `sqlite:${file}` }));
      expect(fs.existsSync(file)).toBe(true);
    });

    it('opens sqlite:///abs/path.db', async () => {
      const file = path.join(dir, 'triple.db');
      await roundTrip(connect({ url: `sqlite://${file}` }));
      expect(fs.existsSync(file)).toBe(true);
    });

    it('opens sqlite:./relative.db relative to the working directory', async () => {
      process.chdir(dir);
      await roundTrip(connect({ url: 'sqlite:./data/relative.db' }));
      expect(fs.existsSync(path.join(dir, 'data', 'relative.db'))).toBe(true);
    });

    it('opens sqlite::memory: without touching the disk', async () => {
      process.chdir(dir);
      await roundTrip(connect({ url: 'sqlite::memory:' }));
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it('defaults to ./.gati/dev.sqlite', async () => {
      process.chdir(dir);
      await roundTrip(connect({}));
      expect(fs.existsSync(path.join(dir, '.gati', 'dev.sqlite'))).toBe(true);
      expect(DEFAULT_SQLITE_FILENAME).toBe('./.gati/dev.sqlite');
    });

    it('prefers a non-empty url over filename, and ignores an empty url', () => {
      const cwd = '/project';
      expect(resolveSqliteTarget({ url: 'sqlite:a.db', filename: 'b.db' }, cwd).filename).toBe('/project/a.db');
      expect(resolveSqliteTarget({ url: '', filename: 'b.db' }, cwd).filename).toBe('/project/b.db');
      expect(resolveSqliteTarget({ url: 'sqlite:a.db' }, cwd)).toEqual({
        display: 'a.db',
        filename: '/project/a.db',
        memory: false,
      });
      expect(resolveSqliteTarget({ filename: ':memory:' }, cwd)).toEqual({
        display: ':memory:',
        filename: ':memory:',
        memory: true,
      });
    });
  });

  describe('every connection', () => {
    it('turns foreign-key enforcement off and sets a busy timeout', async () => {
      const db = connect({ filename: path.join(dir, 'pragmas.db') });
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
      const busy = await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(db);
      expect(fk.rows).toEqual([{ foreign_keys: 0 }]);
      expect(busy.rows).toEqual([{ timeout: 5000 }]);
    });

    it('lets the table-rebuild procedure drop a referenced table without cascading', async () => {
      const db = connect({ filename: path.join(dir, 'rebuild.db') });
      await sql`CREATE TABLE parents (id INTEGER PRIMARY KEY)`.execute(db);
      await sql`CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id) ON DELETE CASCADE)`.execute(db);
      await sql`INSERT INTO parents (id) VALUES (1)`.execute(db);
      await sql`INSERT INTO children (id, parent_id) VALUES (1, 1)`.execute(db);

      await db.transaction().execute(async (trx) => {
        await sql`CREATE TABLE parents_new (id INTEGER PRIMARY KEY, name TEXT)`.execute(trx);
        await sql`INSERT INTO parents_new (id) SELECT id FROM parents`.execute(trx);
        await sql`DROP TABLE parents`.execute(trx);
        await sql`ALTER TABLE parents_new RENAME TO parents`.execute(trx);
      });

      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM children`.execute(db);
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('rolls DDL back with its transaction (transactionalDdl)', async () => {
      expect(sqliteAdapter.capabilities.transactionalDdl).toBe(true);
      const db = connect({ filename: path.join(dir, 'tx.db') });
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`CREATE TABLE doomed (id INTEGER)`.execute(trx);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await sql`SELECT name FROM sqlite_master WHERE name = 'doomed'`.execute(db);
      expect(rows).toEqual([]);
    });
  });

  describe('errors', () => {
    async function connectionError(connection: ConnectionOptions): Promise<ConnectionError> {
      // Nothing is opened until the first query.
      const db = connect(connection);
      try {
        await sql`SELECT 1`.execute(db);
      } catch (error) {
        expect(error).toBeInstanceOf(ConnectionError);
        return error as ConnectionError;
      }
      throw new Error('expected a ConnectionError');
    }

    it('names the file when a part of its path is a file', async () => {
      fs.writeFileSync(path.join(dir, 'plain-file'), 'x');
      const file = path.join(dir, 'plain-file', 'sub', 'app.db');
      const error = await connectionError({ filename: file });
      expect(error.code).toBe('CONNECTION_FAILED');
      expect(error.exitCode).toBe(1);
      expect(error.message).toBe(
        `Cannot open the SQLite database ${file}: its directory cannot be created (a part of its path is a file, not a directory).`,
      );
    });

    it('names the file when it is not a database', async () => {
      const file = path.join(dir, 'notes.txt');
      fs.writeFileSync(file, 'These are plain notes, certainly not a SQLite database file. '.repeat(10));
      const error = await connectionError({ url: `sqlite:${file}` });
      expect(error.message).toBe(`Cannot open the SQLite database ${file}: the file is not a SQLite database.`);
      expect(error.cause).toMatchObject({ code: 'SQLITE_NOTADB' });
    });

    it('names the file when it is a directory', async () => {
      const error = await connectionError({ filename: dir });
      expect(error.message).toBe(`Cannot open the SQLite database ${dir}: it is a directory, not a file.`);
    });

    it('shows a relative path as written and where it resolved to', async () => {
      process.chdir(dir);
      fs.writeFileSync(path.join(dir, 'blocker'), 'x');
      const error = await connectionError({ url: 'sqlite:./blocker/dev.sqlite' });
      expect(error.message).toContain(`./blocker/dev.sqlite (${path.join(dir, 'blocker', 'dev.sqlite')})`);
    });

    it('works again once the problem is fixed (the failure is not cached)', async () => {
      const file = path.join(dir, 'later', 'app.db');
      fs.writeFileSync(path.join(dir, 'later'), 'x');
      const db = connect({ filename: file });
      await expect(sql`SELECT 1`.execute(db)).rejects.toBeInstanceOf(ConnectionError);
      fs.rmSync(path.join(dir, 'later'));
      await roundTrip(db);
    });

    it('rejects other schemes with a ConfigError that does not repeat the URL', () => {
      const url = 'postgres://admin:s3cret-pa55@db.internal:5432/app';
      let error: unknown;
      try {
        sqliteAdapter.createDialect({ url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('"postgres:"');
      expect(message).toContain('sqlite:./path.db');
      expect(message).not.toContain('s3cret');
      expect(message).not.toContain('admin');
      expect(message).not.toContain('db.internal');
    });

    it('rejects a URL without a scheme, and a sqlite: URL without a path', () => {
      expect(() => sqliteAdapter.createDialect({ url: './dev.db' })).toThrow(ConfigError);
      expect(() => sqliteAdapter.createDialect({ url: 'sqlite:' })).toThrow(/names no database file/);
      expect(() => sqliteAdapter.createDialect({ url: 'sqlite://' })).toThrow(ConfigError);
      expect(() => sqliteAdapter.createDialect({ url: 'file:./dev.db' })).toThrow(/"file:" URL/);
    });
  });

  describe('describeTarget', () => {
    it.each<[ConnectionOptions, string]>([
      [{}, 'sqlite ./.gati/dev.sqlite'],
      [{ filename: './data/app.db' }, 'sqlite ./data/app.db'],
      [{ url: 'sqlite:./x.db' }, 'sqlite ./x.db'],
      [{ url: 'sqlite:/var/db/app.db' }, 'sqlite /var/db/app.db'],
      [{ url: 'sqlite:///var/db/app.db' }, 'sqlite /var/db/app.db'],
      [{ url: 'sqlite::memory:' }, 'sqlite :memory:'],
      [{ url: 'mysql://root:pw@localhost/db' }, 'sqlite (invalid connection URL)'],
    ])('%j -> %s', (connection, expected) => {
      expect(sqliteAdapter.describeTarget(connection)).toBe(expected);
    });
  });
});
