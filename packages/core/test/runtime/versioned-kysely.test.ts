import { GatiError } from '@gati-framework/migrations';
import { versionedKysely, type VersionedKyselyOptions } from '@gati-framework/migrations/runtime';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';

const VERSION = 'tsv:1707991200-products-002';
/** Nothing listens on port 1: an error other than CONNECTION_FAILED proves nothing tried to connect. */
const NOWHERE = { url: 'postgres://postgres@127.0.0.1:1/app' };

async function failure(options: VersionedKyselyOptions): Promise<GatiError> {
  const error: unknown = await versionedKysely(options).then(
    async (db) => {
      await db.destroy();
      throw new Error('expected versionedKysely to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatiError);
  return error as GatiError;
}

describe('versionedKysely', () => {
  it('says zero-downtime versions are PostgreSQL-only on SQLite and MySQL, before connecting', async () => {
    const sqlite = await failure({ adapter: sqliteAdapter, connection: { filename: ':memory:' }, version: VERSION });
    expect(sqlite.code).toBe('CONFIG_INVALID');
    expect(sqlite.message).toContain('zero-downtime versions are PostgreSQL-only for now');
    expect(sqlite.message).toContain('sqlite');
    const mysql = await failure({ adapter: mysqlAdapter, connection: { url: 'mysql://root@127.0.0.1:1/app' }, version: VERSION });
    expect(mysql.code).toBe('CONFIG_INVALID');
    expect(mysql.message).toContain('PostgreSQL-only');
  });

  it('rejects a version that is not a version id, a mode or a pool size it does not know, before connecting', async () => {
    expect((await failure({ adapter: postgresqlAdapter, connection: NOWHERE, version: 'products-v2' })).code).toBe('USAGE');
    const mode = await failure({ adapter: postgresqlAdapter, connection: NOWHERE, version: VERSION, mode: 'statement' as never });
    expect(mode.code).toBe('USAGE');
    expect(mode.message).toContain("'session' or 'transaction'");
    expect((await failure({ adapter: postgresqlAdapter, connection: NOWHERE, version: VERSION, poolSize: 0 })).code).toBe('USAGE');
  });

  it('says CONNECTION_FAILED, naming the target, when it cannot check the schemas', async () => {
    const error = await failure({ adapter: postgresqlAdapter, connection: NOWHERE, version: VERSION });
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toContain('127.0.0.1:1/app');
  });
});
