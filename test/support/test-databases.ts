import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { Client } from 'pg';

/**
 * Real database servers for the tests: PostgreSQL through GATI_TEST_PG_URL and MySQL/MariaDB through
 * GATI_TEST_MYSQL_URL (defaults: the local servers). Each test asks for its own database with a unique name and
 * drops it afterwards, so runs never collide. When a server is unreachable the suite is skipped with one line
 * saying so, except with CI set, where it fails.
 */
export const PG_URL = process.env.GATI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.GATI_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** `gati_test_<random>`: a database name no other run uses. */
export function uniqueDatabaseName(prefix = 'gati_test'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** The server URL with another database name in its path. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface ServerDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Creates a fresh PostgreSQL database on the test server. */
export async function createPostgresDatabase(): Promise<ServerDatabase> {
  const name = uniqueDatabaseName();
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(PG_URL, name),
    async drop() {
      const client = new Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Creates a fresh MySQL/MariaDB database on the test server. */
export async function createMysqlDatabase(): Promise<ServerDatabase> {
  const name = uniqueDatabaseName();
  const admin = await mysql.createConnection(MYSQL_URL);
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(MYSQL_URL, name),
    async drop() {
      const conn = await mysql.createConnection(MYSQL_URL);
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

/**
 * Whether the server answers. Unreachable: with CI set, throws (the run must fail); otherwise prints one line
 * and returns false so the suite can skip.
 */
export async function serverAvailable(kind: 'postgresql' | 'mysql'): Promise<boolean> {
  try {
    await withRetriesOnTimeout(async () => {
      const db = kind === 'postgresql' ? await createPostgresDatabase() : await createMysqlDatabase();
      await db.drop();
    });
    return true;
  } catch (error) {
    const url = kind === 'postgresql' ? 'GATI_TEST_PG_URL' : 'GATI_TEST_MYSQL_URL';
    const message = `${kind} test server unreachable (${url}): ${(error as Error).message}`;
    if (process.env.CI) throw new Error(`${message}. CI is set, so this fails the run instead of skipping.`, { cause: error });
    console.warn(`SKIPPED: ${message}`);
    return false;
  }
}

/**
 * Runs `work`, again up to twice when it fails by a connection timeout: a server that is down refuses at once,
 * one that is only slow to answer (the machine overloaded for a moment) must not skip a suite, or fail a CI run.
 */
async function withRetriesOnTimeout(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt === 3 || (error as { code?: string }).code !== 'ETIMEDOUT') throw error;
    }
  }
}

/** Runs `work` on a fresh database of `create`'s server, and drops it afterwards whatever happens. */
export async function withServerDatabase<T>(create: () => Promise<ServerDatabase>, work: (url: string) => Promise<T>): Promise<T> {
  const database = await create();
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
}
