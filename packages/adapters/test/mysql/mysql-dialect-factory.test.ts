import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { ConfigError, ConnectionError, type ConnectionOptions } from '@gati-framework/migrations';
import { describeMysqlTarget, mysqlAdapter, resolveMysqlTarget } from '@gati-framework/migrations-adapters/mysql';
import { MYSQL_URL, createMysqlDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

describe('mysql connection target', () => {
  it('reads a URL, percent-decoding user, password and database', () => {
    expect(resolveMysqlTarget({ url: 'mysql://app:s%40cr%3At@db.internal:3307/shop%2D1' })).toEqual({
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 's@cr:t',
      database: 'shop-1',
    });
    expect(resolveMysqlTarget({ url: 'mariadb://[::1]/shop?ssl=true' })).toEqual({
      host: '::1',
      port: 3306,
      user: 'root',
      database: 'shop',
    });
  });

  it('reads discrete options, and prefers a non-empty url', () => {
    expect(resolveMysqlTarget({ host: 'h', port: '3310', user: 'u', password: 'p', database: 'd' })).toEqual({
      host: 'h',
      port: 3310,
      user: 'u',
      password: 'p',
      database: 'd',
    });
    expect(resolveMysqlTarget({ database: 'd' })).toEqual({ host: 'localhost', port: 3306, user: 'root', database: 'd' });
    expect(resolveMysqlTarget({ url: 'mysql://a@h/x', database: 'y' }).database).toBe('x');
    expect(resolveMysqlTarget({ url: '', database: 'y' }).database).toBe('y');
  });

  it('rejects another scheme, a bad port and a missing database with a ConfigError that hides the password', () => {
    const cases: ConnectionOptions[] = [
      { url: 'postgres://u:hunter22@h/db' },
      { url: 'mysql://u:hunter22@h:99999/db' },
      { url: 'mysql://u:hunter22@h:3306' },
      { url: 'mysql://u:hunter22@h:3306/' },
      { host: 'h', port: 'abc', password: 'hunter22', database: 'd' },
    ];
    for (const connection of cases) {
      let error: unknown;
      try {
        resolveMysqlTarget(connection);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('hunter22');
    }
    expect(() => mysqlAdapter.createDialect({ url: 'mysql://u@h' })).toThrow(/names no database/);
  });

  it('describes the target without the password and never throws', () => {
    expect(describeMysqlTarget({ url: 'mysql://app:hunter22@db.internal:3307/shop' })).toBe('mysql app@db.internal:3307/shop');
    expect(describeMysqlTarget({ url: 'mysql://root@[::1]/shop' })).toBe('mysql root@[::1]:3306/shop');
    expect(describeMysqlTarget({ host: 'h', database: 'd', password: 'hunter22' })).toBe('mysql root@h:3306/d');
    expect(describeMysqlTarget({ url: 'http://x:hunter22@y/z' })).toBe('mysql (invalid connection options)');
    expect(mysqlAdapter.describeTarget({ url: 'mysql://u:hunter22@h/db' })).not.toContain('hunter22');
  });
});

describe('mysql connection errors (real server)', () => {
  const password = `Pw-${randomBytes(6).toString('hex')}`;
  const user = `gati_u_${randomBytes(4).toString('hex')}`;
  const server = new URL(MYSQL_URL);
  let up = false;
  let database: ServerDatabase | undefined;
  let admin: Kysely<any> | undefined;

  beforeAll(async () => {
    up = await serverAvailable('mysql');
    if (!up) return;
    database = await createMysqlDatabase();
    admin = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: database.url }) });
    // A user with a password, allowed on gati_test_* databases, so that a missing one reads "does not exist".
    await sql.raw(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`).execute(admin);
    await sql.raw(`GRANT ALL PRIVILEGES ON \`gati\\_test\\_%\`.* TO '${user}'@'%'`).execute(admin);
  });

  afterAll(async () => {
    if (admin) {
      await sql.raw(`DROP USER IF EXISTS '${user}'@'%'`).execute(admin);
      await admin.destroy();
    }
    await database?.drop();
  });

  function url(parts: { host?: string; port?: number; database?: string; password?: string }): string {
    const host = parts.host ?? server.hostname;
    const port = parts.port ?? (server.port || '3306');
    return `mysql://${user}:${encodeURIComponent(parts.password ?? password)}@${host}:${port}/${parts.database ?? database!.name}`;
  }

  async function failure(connectionUrl: string): Promise<ConnectionError> {
    const db = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: connectionUrl }) });
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectionError);
      const connectionError = error as ConnectionError;
      expect(connectionError.code).toBe('CONNECTION_FAILED');
      expect(connectionError.message).not.toContain(password);
      expect(String(connectionError.stack)).not.toContain(password);
      expect(describeCauseChain(connectionError)).not.toContain(password);
      return connectionError;
    } finally {
      await db.destroy();
    }
    throw new Error('expected the connection to fail');
  }

  it('connects with the right credentials', async () => {
    if (!up) return;
    const db = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: url({}) }) });
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it('wrong port', async () => {
    if (!up) return;
    const error = await failure(url({ port: 1 }));
    expect(error.message).toBe(
      `Cannot connect to mysql ${user}@${server.hostname}:1/${database!.name}: connection refused (is the server running and listening on port 1?).`,
    );
  });

  it('wrong database', async () => {
    if (!up) return;
    const error = await failure(url({ database: 'gati_test_missing_db' }));
    expect(error.message).toMatch(/: the database "gati_test_missing_db" does not exist/);
    expect(error.message).toContain(`mysql ${user}@`);
  });

  it('wrong host', async () => {
    if (!up) return;
    const error = await failure(url({ host: 'gati-no-such-host.invalid' }));
    expect(error.message).toMatch(/the host "gati-no-such-host.invalid" cannot be resolved/);
  });

  it('wrong password', async () => {
    if (!up) return;
    const error = await failure(url({ password: `${password}-wrong` }));
    expect(error.message).toMatch(new RegExp(`access denied for user "${user}"`));
    expect(error.message).not.toContain(`${password}-wrong`);
  });
});

function describeCauseChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, JSON.stringify({ ...current }));
    current = current.cause;
  }
  return parts.join('\n');
}
