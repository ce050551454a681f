import { Kysely } from 'kysely';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { createPostgresDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

export interface TestDatabase {
  /** False when the server is unreachable outside CI: the tests return early (serverAvailable printed why). */
  readonly available: boolean;
  readonly url: string;
  readonly name: string;
  /** A Kysely instance on the database, closed after the file's tests. */
  readonly db: Kysely<any>;
}

/**
 * Gives the test file its own database on the local PostgreSQL server (created in beforeAll, dropped in
 * afterAll), with a Kysely instance on it through the adapter's own dialect.
 */
export function usePostgresDatabase(): TestDatabase {
  let available = false;
  let database: ServerDatabase | undefined;
  let db: Kysely<any> | undefined;

  beforeAll(async () => {
    available = await serverAvailable('postgresql');
    if (!available) return;
    database = await createPostgresDatabase();
    db = new Kysely<any>({ dialect: postgresqlAdapter.createDialect({ url: database.url }) });
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  return {
    get available() {
      return available;
    },
    get url() {
      return required(database).url;
    },
    get name() {
      return required(database).name;
    },
    get db() {
      return required(db);
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('The test database is not ready (is the PostgreSQL server up?).');
  return value;
}
