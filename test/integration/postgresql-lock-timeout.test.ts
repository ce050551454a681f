/**
 * On PostgreSQL every migration runs with a short lock_timeout, so an ALTER TABLE never queues behind a long
 * transaction (queueing every query of the application behind itself); it gives up, and the runner retries the
 * migration with backoff. Against the real local server, in a database of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { generateMigration, migrateUp } from '../../packages/core/src/api';
import { resolveConfig } from '../../packages/core/src/config';
import { MigrationFailedError } from '../../packages/core/src/errors';
import { createPostgresDatabase, serverAvailable, type ServerDatabase } from '../support/test-databases';

const V1 = 'export interface User {\n  id: string;\n  name: string;\n}\n';
const V2 = "export interface User {\n  id: string;\n  name: string;\n  /** @default 'en' */\n  locale: string;\n}\n";

describe('PostgreSQL: a migration that cannot get its table lock', () => {
  let database: ServerDatabase;
  let root: string;
  let blocker: Client;
  let available = false;

  beforeAll(async () => {
    available = await serverAvailable('postgresql');
  });

  beforeEach(async () => {
    if (!available) return;
    database = await createPostgresDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-lock-timeout-'));
    fs.mkdirSync(path.join(root, 'src/entities'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/entities/user.ts'), V1);
    await generateMigration(config(0), { name: 'create_users', now: new Date('2024-01-15T10:00:00Z') });
    await migrateUp(config(0));
    fs.writeFileSync(path.join(root, 'src/entities/user.ts'), V2);
    await generateMigration(config(0), { name: 'add_locale', now: new Date('2024-01-16T10:00:00Z') });
    // A long transaction that has read the table: ALTER TABLE needs an ACCESS EXCLUSIVE lock and must wait.
    blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM users');
  });

  afterEach(async () => {
    if (!available) return;
    await blocker.end().catch(() => undefined);
    await database.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const config = (retries: number) =>
    resolveConfig({ adapter: 'postgresql', connection: { url: database.url }, lockTimeout: 150, lockRetries: retries }, { root });

  const columns = async (): Promise<string[]> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
      );
      return rows.map((r) => r.column_name as string);
    } finally {
      await client.end();
    }
  };

  it('gives up fast, retries with backoff, and applies once the long transaction ends', async () => {
    if (!available) return;
    const migrating = migrateUp(config(6));
    setTimeout(() => void blocker.query('COMMIT'), 700);
    const result = await migrating;
    expect(result.applied.map((r) => r.name)).toEqual([expect.stringMatching(/_add_locale$/)]);
    expect(await columns()).toEqual(['id', 'name', 'locale']);
  });

  it('fails with a clear error, leaving the table as it was, when the lock never comes', async () => {
    if (!available) return;
    const failure = await migrateUp(config(1)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect((failure as Error).message).toMatch(/add_locale failed \(up\): .*lock timeout/);
    expect(await columns()).toEqual(['id', 'name']);
    await blocker.query('COMMIT');
    expect((await migrateUp(config(1))).applied).toHaveLength(1);
  });
});
