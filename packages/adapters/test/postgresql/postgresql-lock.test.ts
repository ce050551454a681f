import { GatiError, type MigrationLock } from '@gati-framework/migrations';
import { POSTGRESQL_LOCK_POLL_MS, postgresqlAdapter, postgresqlLockKey } from '@gati-framework/migrations-adapters/postgresql';
import { usePostgresDatabase } from './postgresql-test-database';

describe('postgresqlLockKey', () => {
  it('is a stable signed int8 per name', () => {
    const key = postgresqlLockKey('gati_migrations_lock');
    expect(key).toMatch(/^-?\d+$/);
    expect(postgresqlLockKey('gati_migrations_lock')).toBe(key);
    expect(postgresqlLockKey('other_migrations_lock')).not.toBe(key);
    const value = BigInt(key);
    expect(value >= -(2n ** 63n) && value < 2n ** 63n).toBe(true);
  });
});

describe('postgresql migration lock (real server)', () => {
  const pg = usePostgresDatabase();
  const acquire = (key: string, timeoutMs: number): Promise<MigrationLock> =>
    postgresqlAdapter.acquireLock!({ url: pg.url }, { key, timeoutMs });

  it('times out with LOCK_TIMEOUT while another holder has it, and succeeds after release', async () => {
    if (!pg.available) return;
    const first = await acquire('gati_migrations_lock', 1000);
    try {
      const started = Date.now();
      const error: unknown = await acquire('gati_migrations_lock', 300).then(
        async (lock) => {
          await lock.release();
          throw new Error('expected the second acquire to time out');
        },
        (caught: unknown) => caught,
      );
      const waited = Date.now() - started;
      expect(error).toBeInstanceOf(GatiError);
      expect((error as GatiError).code).toBe('LOCK_TIMEOUT');
      expect((error as GatiError).message).toContain(`postgresql`);
      expect((error as GatiError).message).toContain(`/${pg.name}`);
      expect((error as GatiError).message).toMatch(/another deployer holds the migration lock/);
      expect((error as GatiError).message).toMatch(/PostgreSQL session \d+, application "gati-migrations"/);
      expect(waited).toBeGreaterThanOrEqual(300);
      expect(waited).toBeLessThan(300 + 2 * POSTGRESQL_LOCK_POLL_MS + 500);

      // Another key is another lock.
      const unrelated = await acquire('another_project_lock', 0);
      await unrelated.release();
    } finally {
      await first.release();
    }
    await first.release(); // idempotent

    const second = await acquire('gati_migrations_lock', 0);
    await second.release();
  });

  it('serializes two concurrent acquirers', async () => {
    if (!pg.available) return;
    const events: string[] = [];
    const deployer = async (name: string): Promise<void> => {
      const lock = await acquire('concurrent_lock', 5000);
      try {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 250));
        events.push(`${name} end`);
      } finally {
        await lock.release();
      }
    };
    await Promise.all([deployer('a'), deployer('b')]);
    expect(events).toHaveLength(4);
    // Whoever went first finished before the other started.
    expect(events[0]!.split(' ')[0]).toBe(events[1]!.split(' ')[0]);
    expect(events[1]).toMatch(/ end$/);
    expect(events[2]!.split(' ')[0]).toBe(events[3]!.split(' ')[0]);
  });

  it('releases the lock with the session when its holder goes away', async () => {
    if (!pg.available) return;
    const lock = await acquire('session_lock', 0);
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    try {
      await admin.query(
        // Only in this test's own database: other runs may hold advisory locks on the same server.
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
    } finally {
      await admin.end();
    }
    const next = await acquire('session_lock', 2000);
    await next.release();
    await expect(lock.release()).resolves.toBeUndefined(); // connection gone: still no throw
  });

  it('fails with a ConnectionError, without the password, when it cannot connect', async () => {
    if (!pg.available) return;
    const url = new URL(pg.url);
    url.password = 'Lock-Pa55word';
    url.port = '1';
    const error: unknown = await postgresqlAdapter.acquireLock!({ url: url.toString() }, { key: 'k', timeoutMs: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect((error as GatiError).code).toBe('CONNECTION_FAILED');
    expect((error as Error).message).toContain(`:1/${pg.name}`);
    expect((error as Error).message).not.toContain('Lock-Pa55word');
  });
});
