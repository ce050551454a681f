import { Kysely, sql } from 'kysely';
import { ConnectionError, GatiError, type MigrationLock } from '@gati-framework/migrations';
import { MYSQL_LOCK_NAME_MAX_LENGTH, acquireMysqlLock, mysqlAdapter, mysqlLockName } from '@gati-framework/migrations-adapters/mysql';
import { createMysqlDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

describe('mysql lock name', () => {
  it('is <database>.<key>, hashed down to 64 characters when longer', () => {
    expect(mysqlLockName('gati_migrations_lock', 'shop')).toBe('shop.gati_migrations_lock');
    expect(mysqlLockName('gati_migrations_lock')).toBe('gati_migrations_lock');
    const long = mysqlLockName('k'.repeat(80), 'shop');
    expect(long).toHaveLength(MYSQL_LOCK_NAME_MAX_LENGTH);
    expect(long).toMatch(/^shop\.k+_[0-9a-f]{16}$/);
    expect(mysqlLockName('k'.repeat(80), 'shop')).toBe(long);
    expect(mysqlLockName(`${'k'.repeat(79)}x`, 'shop')).not.toBe(long);
    expect(mysqlLockName('x'.repeat(59), 'shop')).toHaveLength(64);
  });
});

describe('mysql migration lock (real server)', () => {
  let up = false;
  let first: ServerDatabase;
  let second: ServerDatabase;
  const held: MigrationLock[] = [];

  beforeAll(async () => {
    up = await serverAvailable('mysql');
    if (!up) return;
    [first, second] = await Promise.all([createMysqlDatabase(), createMysqlDatabase()]);
  });

  afterEach(async () => {
    await Promise.all(held.splice(0).map((lock) => lock.release()));
  });

  afterAll(async () => {
    if (!up) return;
    await Promise.all([first.drop(), second.drop()]);
  });

  async function acquire(url: string, timeoutMs: number, key = 'gati_migrations_lock'): Promise<MigrationLock> {
    const lock = await mysqlAdapter.acquireLock!({ url }, { key, timeoutMs });
    held.push(lock);
    return lock;
  }

  it('makes a second deployer time out with LOCK_TIMEOUT while the first holds it, and succeed after release', async () => {
    if (!up) return;
    const lock = await acquire(first.url, 1000);

    const started = Date.now();
    const error: unknown = await acquire(first.url, 400).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(GatiError);
    expect((error as GatiError).code).toBe('LOCK_TIMEOUT');
    expect((error as GatiError).message).toContain(`on ${mysqlAdapter.describeTarget({ url: first.url })}:`);
    expect((error as GatiError).message).toMatch(new RegExp(`/${first.name}: another deployer`));
    expect((error as GatiError).message).toContain('another deployer holds the migration lock');
    expect((error as GatiError).message).toMatch(/MySQL connection \d+/);
    expect(waited).toBeGreaterThanOrEqual(390);
    expect(waited).toBeLessThan(1500);

    await lock.release();
    const next = await acquire(first.url, 400);
    await next.release();
  });

  it('waits, polling, for a lock released while it waits', async () => {
    if (!up) return;
    const lock = await acquire(first.url, 1000);
    setTimeout(() => void lock.release(), 300);
    const started = Date.now();
    await acquire(first.url, 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('scopes the lock to the database and the key', async () => {
    if (!up) return;
    await acquire(first.url, 200);
    await acquire(second.url, 200);
    await acquire(first.url, 200, 'other_project_lock');
  });

  it('holds the lock on a connection of its own, visible to the server', async () => {
    if (!up) return;
    await acquire(first.url, 200);
    const db = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: first.url }) });
    try {
      const name = mysqlLockName('gati_migrations_lock', first.name);
      const { rows } = await sql<{ free: number; holder: number | null; mine: number }>`
        SELECT IS_FREE_LOCK(${name}) AS free, IS_USED_LOCK(${name}) AS holder, CONNECTION_ID() AS mine
      `.execute(db);
      expect(rows[0]!.free).toBe(0);
      expect(rows[0]!.holder).not.toBeNull();
      expect(rows[0]!.holder).not.toBe(rows[0]!.mine);
    } finally {
      await db.destroy();
    }
  });

  it('release is idempotent', async () => {
    if (!up) return;
    const lock = await acquire(first.url, 200);
    await Promise.all([lock.release(), lock.release()]);
    await lock.release();
    const again = await acquire(first.url, 200);
    await again.release();
  });

  it('fails with a ConnectionError without the password when the server cannot be reached', async () => {
    if (!up) return;
    const error: unknown = await acquireMysqlLock({ url: 'mysql://root:hunter22@127.0.0.1:1/nowhere' }, { key: 'k', timeoutMs: 100 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('mysql root@127.0.0.1:1/nowhere');
    expect((error as Error).message).not.toContain('hunter22');
  });
});
