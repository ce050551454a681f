import { Kysely, sql } from 'kysely';
import { ConfigError, ConnectionError, type ConnectionOptions } from '@gati-framework/migrations';
import {
  DEFAULT_POSTGRESQL_PORT,
  describePostgresqlTarget,
  postgresqlAdapter,
  postgresqlConnectionError,
  resolvePostgresqlTarget,
} from '@gati-framework/migrations-adapters/postgresql';
import { PG_URL } from '../../../../test/support/test-databases';
import { usePostgresDatabase } from './postgresql-test-database';

const PASSWORD = 'S3cr3t-Pa55word';

describe('postgresql connection target', () => {
  const env = { USER: 'osuser' };

  it('reads user, host, port and database from a postgres:// or postgresql:// URL', () => {
    for (const scheme of ['postgres', 'postgresql', 'POSTGRES']) {
      const target = resolvePostgresqlTarget({ url: `${scheme}://app:${PASSWORD}@db.internal:6432/shop` }, env);
      expect(target).toMatchObject({ user: 'app', host: 'db.internal', port: 6432, database: 'shop', password: PASSWORD });
      expect(target.clientConfig).toEqual({ connectionString: `${scheme}://app:${PASSWORD}@db.internal:6432/shop` });
    }
  });

  it('decodes percent-encoding and reads ?host= for a socket directory', () => {
    const target = resolvePostgresqlTarget({ url: 'postgres://us%40er:p%3Ass@%2Fvar%2Frun%2Fpostgresql/my%20db' }, env);
    expect(target).toMatchObject({ user: 'us@er', password: 'p:ss', host: '/var/run/postgresql', database: 'my db' });
    expect(resolvePostgresqlTarget({ url: 'postgres://u@/app?host=/tmp' }, env)).toMatchObject({ host: '/tmp', user: 'u' });
    // A raw % in the password, as node-postgres reads it.
    expect(resolvePostgresqlTarget({ url: 'postgres://u:50%off@h/app' }, env).password).toBe('50%off');
  });

  it('reads an IPv6 host and shows it in brackets', () => {
    const connection = { url: 'postgres://u@[::1]:5433/app' };
    expect(resolvePostgresqlTarget(connection, env).host).toBe('::1');
    expect(describePostgresqlTarget(connection)).toBe('postgresql u@[::1]:5433/app');
  });

  it('falls back as node-postgres does: PG* variables, localhost, 5432, the OS user', () => {
    expect(resolvePostgresqlTarget({ url: 'postgres://' }, env)).toMatchObject({
      host: 'localhost',
      port: DEFAULT_POSTGRESQL_PORT,
      user: 'osuser',
      database: 'osuser',
    });
    const pgEnv = { PGHOST: 'pghost', PGPORT: '5433', PGUSER: 'pguser', PGDATABASE: 'pgdb', PGPASSWORD: 'pgpass' };
    expect(resolvePostgresqlTarget({}, pgEnv)).toMatchObject({
      host: 'pghost',
      port: 5433,
      user: 'pguser',
      database: 'pgdb',
      password: 'pgpass',
    });
  });

  it('takes discrete options, and a url over them', () => {
    const options: ConnectionOptions = { host: 'h', port: '7000', user: 'u', password: PASSWORD, database: 'd', ssl: true };
    const target = resolvePostgresqlTarget(options, env);
    expect(target).toMatchObject({ host: 'h', port: 7000, user: 'u', database: 'd', password: PASSWORD });
    expect(target.clientConfig).toEqual({ host: 'h', port: 7000, user: 'u', password: PASSWORD, database: 'd', ssl: true });
    expect(resolvePostgresqlTarget({ ...options, url: 'postgres://x@y/z' }, env)).toMatchObject({ host: 'y', user: 'x' });
  });

  it('rejects other schemes, malformed URLs and mistyped options without repeating the URL', () => {
    const bad: ConnectionOptions[] = [
      { url: `mysql://root:${PASSWORD}@h/db` },
      { url: `http://root:${PASSWORD}@h/db` },
      { url: `postgres:${PASSWORD}` },
      { url: `postgres://root:${PASSWORD}@h:99999/db` },
      { url: `postgres://root:${PASSWORD}@h:port/db` },
      { host: 'h', port: 70000, password: PASSWORD },
      { host: 42, password: PASSWORD },
    ];
    for (const connection of bad) {
      let error: unknown;
      try {
        resolvePostgresqlTarget(connection);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain(PASSWORD);
      expect(() => postgresqlAdapter.createDialect(connection)).toThrow(ConfigError);
      expect(describePostgresqlTarget(connection)).toMatch(/^postgresql \(invalid connection (URL|options)\)$/);
    }
  });

  it('describes the target as postgresql user@host:port/database, never with the password', () => {
    expect(postgresqlAdapter.describeTarget({ url: `postgres://app:${PASSWORD}@db:6432/shop` })).toBe('postgresql app@db:6432/shop');
    expect(postgresqlAdapter.describeTarget({ host: 'h', user: 'u', password: PASSWORD, database: 'd' })).toBe('postgresql u@h:5432/d');
  });

  it('takes the password out of a driver message, should one ever carry it', () => {
    const target = resolvePostgresqlTarget({ url: `postgres://app:${PASSWORD}@db:6432/shop` }, env);
    const error = postgresqlConnectionError(
      target,
      new Error(`could not connect with postgres://app:${PASSWORD}@db:6432/shop (password ${PASSWORD})`),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).toBe(
      'Cannot connect to postgresql app@db:6432/shop: could not connect with postgres://app:***@db:6432/shop (password ***)',
    );
  });
});

describe('postgresql connections (real server)', () => {
  const pg = usePostgresDatabase();
  const server = new URL(PG_URL);

  /** The test server's URL with `changes` applied and a password added (the local server trusts and ignores it). */
  function urlWith(changes: { host?: string; port?: string; database?: string }): string {
    const url = new URL(pg.url);
    url.password = PASSWORD;
    if (changes.host !== undefined) url.hostname = changes.host;
    if (changes.port !== undefined) url.port = changes.port;
    if (changes.database !== undefined) url.pathname = `/${changes.database}`;
    return url.toString();
  }

  async function failure(connection: ConnectionOptions): Promise<ConnectionError> {
    // Creating the dialect connects to nothing; the first query does.
    const db = new Kysely<any>({ dialect: postgresqlAdapter.createDialect(connection) });
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      return error as ConnectionError;
    } finally {
      await db.destroy();
    }
    throw new Error('expected the connection to fail');
  }

  it('connects with a URL and with discrete options', async () => {
    if (!pg.available) return;
    const viaUrl = new Kysely<any>({ dialect: postgresqlAdapter.createDialect({ url: urlWith({}) }) });
    const viaOptions = new Kysely<any>({
      dialect: postgresqlAdapter.createDialect({
        host: server.hostname,
        port: Number(server.port || 5432),
        user: decodeURIComponent(server.username) || undefined,
        password: decodeURIComponent(server.password) || undefined,
        database: pg.name,
      }),
    });
    try {
      for (const db of [viaUrl, viaOptions]) {
        const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(db);
        expect(rows).toEqual([{ db: pg.name }]);
      }
    } finally {
      await viaUrl.destroy();
      await viaOptions.destroy();
    }
  });

  it('names host, port and database, and never the password, when the port is wrong', async () => {
    if (!pg.available) return;
    const error = await failure({ url: urlWith({ port: '1' }) });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`@${server.hostname}:1/${pg.name}`);
    expect(error.message).toMatch(/refused the connection/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('names host, port and database, and never the password, when the database does not exist', async () => {
    if (!pg.available) return;
    const error = await failure({ url: urlWith({ database: 'gati_no_such_database' }) });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`@${server.hostname}:${server.port || 5432}/gati_no_such_database`);
    expect(error.message).toMatch(/database "gati_no_such_database" does not exist/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('names host, port and database, and never the password, when the host does not resolve', async () => {
    if (!pg.available) return;
    const error = await failure({ url: urlWith({ host: 'gati-no-such-host.invalid' }) });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`@gati-no-such-host.invalid:${server.port || 5432}/${pg.name}`);
    expect(error.message).toMatch(/cannot be resolved/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('keeps the password out of failures with discrete options too', async () => {
    if (!pg.available) return;
    const error = await failure({ host: server.hostname, port: 1, user: 'app', password: PASSWORD, database: 'shop' });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain(`postgresql app@${server.hostname}:1/shop`);
    expect(error.message).not.toContain(PASSWORD);
  });
});
