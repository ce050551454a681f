/**
 * The runtime helper on a real PostgreSQL server: two version schemas made by hand as zero-downtime expand makes
 * them (views over the table, `security_invoker`, the version id as the schema's comment), and handlers of
 * several versions reading and writing through them, in session and in transaction mode.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Client, Pool } from 'pg';
import { versionedKysely, type VersionSessionMode } from '@gati-framework/migrations/runtime';
import {
  createPostgresqlVersionDialect,
  postgresqlAdapter,
  postgresqlStartupOptions,
  withPostgresqlTransactionSettings,
} from '@gati-framework/migrations-adapters/postgresql';
import { createPostgresDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

const V002 = 'tsv:1707991200-products-002';
const V004 = 'tsv:1707995000-products-004';
const S002 = 'gati_v_1707991200_products_002';
const S004 = 'gati_v_1707995000_products_004';

const TABLE = `
  CREATE TABLE public.products (id serial PRIMARY KEY, name text NOT NULL, price integer NOT NULL DEFAULT 0);
  INSERT INTO public.products (name, price) VALUES ('lamp', 40);`;

const VERSION_SCHEMAS = `
  CREATE SCHEMA ${S002};
  COMMENT ON SCHEMA ${S002} IS '${V002}';
  CREATE VIEW ${S002}.products WITH (security_invoker) AS SELECT id, name FROM public.products;
  CREATE SCHEMA ${S004};
  COMMENT ON SCHEMA ${S004} IS '${V004}';
  CREATE VIEW ${S004}.products WITH (security_invoker) AS SELECT id, name AS title, price FROM public.products;
  ALTER VIEW ${S004}.products ALTER COLUMN price SET DEFAULT 7;`;

interface Session {
  readonly version: string;
  readonly schemas: string[];
  readonly pid: number;
}

async function session(db: Kysely<any>): Promise<Session> {
  const { rows } = await sql<Session>`
    SELECT current_setting('gati.version', true) AS version, current_schemas(false)::text[] AS schemas, pg_backend_pid() AS pid`.execute(
    db,
  );
  return rows[0]!;
}

describe('versionedKysely on PostgreSQL (real server)', () => {
  let available = false;
  let database: ServerDatabase | undefined;
  let admin: Client | undefined;
  const opened: Kysely<any>[] = [];

  beforeAll(async () => {
    available = await serverAvailable('postgresql');
  });

  /** A database of its own for each test, with the table, and the version schemas unless told otherwise. */
  async function prepare(withSchemas = true): Promise<string> {
    database = await createPostgresDatabase();
    admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(TABLE + (withSchemas ? VERSION_SCHEMAS : ''));
    return database.url;
  }

  async function open(url: string, version: string, mode?: VersionSessionMode): Promise<Kysely<any>> {
    const db = await versionedKysely<any>({ adapter: postgresqlAdapter, connection: { url }, version, ...(mode ? { mode } : {}) });
    opened.push(db);
    return db;
  }

  async function applicationName(pid: number): Promise<string> {
    const { rows } = await admin!.query<{ application_name: string }>('SELECT application_name FROM pg_stat_activity WHERE pid = $1', [
      pid,
    ]);
    return rows[0]!.application_name;
  }

  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy();
    await admin?.end();
    admin = undefined;
    await database?.drop();
    database = undefined;
  });

  it('session mode: each version reads and writes through its own views, and carries its version and name', async () => {
    if (!available) return;
    const url = await prepare();
    const old = await open(url, V002);
    const current = await open(url, V004);

    expect(await old.selectFrom('products').selectAll().execute()).toEqual([{ id: 1, name: 'lamp' }]);
    expect(await current.selectFrom('products').selectAll().execute()).toEqual([{ id: 1, title: 'lamp', price: 40 }]);
    await old.insertInto('products').values({ name: 'desk' }).execute();
    await current.insertInto('products').values({ title: 'chair' }).execute(); // the view's default gives the price
    const { rows } = await admin!.query('SELECT name, price FROM public.products ORDER BY id');
    expect(rows).toEqual([
      { name: 'lamp', price: 40 },
      { name: 'desk', price: 0 },
      { name: 'chair', price: 7 },
    ]);

    const oldSession = await session(old);
    expect(oldSession).toMatchObject({ version: V002, schemas: [S002, 'public'] });
    const currentSession = await session(current);
    expect(currentSession).toMatchObject({ version: V004, schemas: [S004, 'public'] });
    expect(await applicationName(oldSession.pid)).toBe(`gati ${V002}`);
    expect(await applicationName(currentSession.pid)).toBe(`gati ${V004}`);
  });

  it('a version whose migration changed nothing uses the latest earlier schema, and says so in its name', async () => {
    if (!available) return;
    const url = await prepare();
    const between = await open(url, 'tsv:1707993000-orders-003');
    expect(await between.selectFrom('products').selectAll().execute()).toEqual([{ id: 1, name: 'lamp' }]);
    const current = await session(between);
    expect(current).toMatchObject({ version: V002, schemas: [S002, 'public'] });
    expect(await applicationName(current.pid)).toBe(`gati ${V002} for tsv:1707993000-orders-003`);

    const later = await open(url, '2024-03-01T00:00:00Z');
    expect(await session(later)).toMatchObject({ version: V004, schemas: [S004, 'public'] });
  });

  it('gives a version older than every schema the tables in public, its writes marked with its own version', async () => {
    if (!available) return;
    const url = await prepare();
    const older = await open(url, 'tsv:1707990000-products-001');
    expect(await session(older)).toMatchObject({ version: 'tsv:1707990000-products-001', schemas: ['public'] });
  });

  it('uses the tables in public, with gati.version set, before any zero-downtime migration', async () => {
    if (!available) return;
    const url = await prepare(false);
    await admin!.query(`CREATE SCHEMA gati_v_scratch`); // no comment: not a version schema
    const db = await open(url, V002);
    expect(await db.selectFrom('products').select(['name', 'price']).execute()).toEqual([{ name: 'lamp', price: 40 }]);
    const current = await session(db);
    expect(current).toMatchObject({ version: V002, schemas: ['public'] });
    expect(await applicationName(current.pid)).toBe(`gati ${V002}`);
  });

  it('transaction mode: each transaction, and each statement outside one, runs with the version', async () => {
    if (!available) return;
    const url = await prepare();
    const db = await open(url, V004, 'transaction');

    const inside = await db.transaction().execute(async (trx) => {
      await trx.insertInto('products').values({ title: 'shelf', price: 90 }).execute();
      return session(trx);
    });
    expect(inside).toMatchObject({ version: V004, schemas: [S004, 'public'] });
    // Outside a transaction, the statement runs in one of its own, with the settings too.
    expect(await session(db)).toMatchObject({ version: V004, schemas: [S004, 'public'] });
    await db.insertInto('products').values({ title: 'stool' }).execute();
    expect(await db.selectFrom('products').select(['title', 'price']).orderBy('id').execute()).toEqual([
      { title: 'lamp', price: 40 },
      { title: 'shelf', price: 90 },
      { title: 'stool', price: 7 },
    ]);
    expect(await applicationName(inside.pid)).toBe(`gati ${V004}`);

    // A transaction that fails rolls back, and the next one still has its settings.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('products').values({ title: 'ghost' }).execute();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const afterRollback = await db.transaction().execute((trx) => session(trx));
    expect(afterRollback).toMatchObject({ version: V004, schemas: [S004, 'public'] });
    const { rows } = await admin!.query(`SELECT count(*)::int AS n FROM public.products WHERE name = 'ghost'`);
    expect(rows[0].n).toBe(0);

    // A controlled transaction with savepoints: the settings hold throughout, the savepoint undoes its part.
    const trx = await db.startTransaction().execute();
    const saved = await trx.savepoint('before_lamp').execute();
    await saved.insertInto('products').values({ title: 'lamp 2' }).execute();
    const undone = await saved.rollbackToSavepoint('before_lamp').execute();
    await undone.insertInto('products').values({ title: 'rug' }).execute();
    expect(await session(undone)).toMatchObject({ version: V004, schemas: [S004, 'public'] });
    await undone.commit().execute();
    const names = await admin!.query(`SELECT name FROM public.products WHERE name IN ('lamp 2', 'rug')`);
    expect(names.rows).toEqual([{ name: 'rug' }]);
  });

  it('transaction mode leaves nothing on the server connection: a raw query on the same connection sees no version', async () => {
    if (!available) return;
    const url = await prepare();
    const pool = new Pool({ connectionString: url, max: 1 });
    const raw = async (): Promise<Session> =>
      (
        await pool.query<Session>(
          `SELECT current_setting('gati.version', true) AS version, current_schemas(false)::text[] AS schemas, pg_backend_pid() AS pid`,
        )
      ).rows[0]!;
    const db = new Kysely<any>({
      dialect: withPostgresqlTransactionSettings(new PostgresDialect({ pool }), { search_path: `${S002},public`, 'gati.version': V002 }),
    });
    opened.push(db);

    const before = await raw();
    expect(before.version ?? '').toBe('');
    const inside = await db.transaction().execute((trx) => session(trx));
    expect(inside).toEqual({ version: V002, schemas: [S002, 'public'], pid: before.pid });
    const afterCommit = await raw();
    expect(afterCommit).toEqual({ version: '', schemas: ['public'], pid: before.pid });

    expect(await session(db)).toEqual({ version: V002, schemas: [S002, 'public'], pid: before.pid });
    expect(await raw()).toEqual({ version: '', schemas: ['public'], pid: before.pid });

    // A statement that fails outside a transaction rolls its own back: the connection is usable, nothing is left.
    await expect(db.insertInto('products').values({ name: null }).execute()).rejects.toThrow(/null value/);
    expect(await raw()).toEqual({ version: '', schemas: ['public'], pid: before.pid });
    // So does a stream that fails (this dialect has no cursor): its transaction is not left open on the connection.
    await expect(db.selectFrom('products').selectAll().stream().next()).rejects.toThrow(/cursor/);
    expect(await raw()).toEqual({ version: '', schemas: ['public'], pid: before.pid });
    await db.insertInto('products').values({ name: 'desk' }).execute();
    expect((await pool.query(`SELECT name FROM public.products ORDER BY id`)).rows).toEqual([{ name: 'lamp' }, { name: 'desk' }]);
  });

  it('passes names and values with spaces and backslashes intact through the startup options', async () => {
    if (!available) return;
    const url = await prepare();
    await admin!.query(`CREATE SCHEMA "Odd Schema\\x"; CREATE VIEW "Odd Schema\\x".products AS SELECT name FROM public.products`);
    const db = new Kysely<any>({
      dialect: createPostgresqlVersionDialect(
        { url: `${url}?options=-c%20statement_timeout%3D4321&application_name=theirs` },
        { schema: 'Odd Schema\\x', version: 'a b\\c', applicationName: 'gati odd', mode: 'session', poolSize: 1 },
      ),
    });
    opened.push(db);
    expect(await session(db)).toMatchObject({ version: 'a b\\c', schemas: ['Odd Schema\\x', 'public'] });
    expect(await db.selectFrom('products').selectAll().execute()).toEqual([{ name: 'lamp' }]);
    // The URL's own options still apply; the version's application name wins over the URL's.
    const { rows } = await sql<{ timeout: string; name: string }>`
      SELECT current_setting('statement_timeout') AS timeout, current_setting('application_name') AS name`.execute(db);
    expect(rows[0]).toEqual({ timeout: '4321ms', name: 'gati odd' });
  });
});

describe('postgresqlStartupOptions', () => {
  it('escapes white space and backslashes with a backslash', () => {
    expect(postgresqlStartupOptions({ search_path: 'gati_v_x,public', 'gati.version': V002 })).toBe(
      `-c search_path=gati_v_x,public -c gati.version=${V002}`,
    );
    expect(postgresqlStartupOptions({ 'gati.note': 'a b\\c\td' })).toBe('-c gati.note=a\\ b\\\\c\\\td');
  });
});
