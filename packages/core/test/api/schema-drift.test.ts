import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createPostgresDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';
import { detectDrift, generateMigration, migrateUp, migrationStatus } from '../../src/api';
import { resolveConfig } from '../../src/config';

/**
 * Drift in words, on PostgreSQL (named enum types, defaults, foreign keys, keys): each kind of change made by
 * hand after a migration is one difference that says what the snapshot has and what the database has.
 */
const ENTITIES = `export type UserStatus = 'active' | 'blocked';

export interface User {
  id: string;
  status: UserStatus;
  /** @default 0 */
  score: number;
}

export interface Post {
  id: string;
  /** @references User.id */
  userId: string;
}
`;

describe('detectDrift on PostgreSQL', () => {
  let root: string;
  let database: ServerDatabase | undefined;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-drift-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'schema.ts'), ENTITIES);
    if (await serverAvailable('postgresql')) database = await createPostgresDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const config = () =>
    resolveConfig(
      { adapter: 'postgresql', connection: { url: database!.url }, directory: 'migrations', entities: ['src/schema.ts'] },
      { root },
    );

  async function sql(...statements: string[]): Promise<void> {
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  it('finds none after the migration, then names a default, an enum value, a foreign key and a key changed by hand', async () => {
    if (!database) return;
    const first = await generateMigration(config(), { now: new Date('2024-01-15T10:00:00Z') });
    const before = await detectDrift(config());
    // Nothing applied yet: every table of the database would be extra, and there is none.
    expect(before).toEqual({ differences: [], drifted: false });
    await migrateUp(config());
    expect(await detectDrift(config())).toEqual({ lastApplied: first.name, snapshot: first.name, differences: [], drifted: false });

    await sql(
      'ALTER TABLE users ALTER COLUMN score DROP DEFAULT',
      "ALTER TYPE user_status ADD VALUE 'gone'",
      'ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey',
      'ALTER TABLE posts DROP CONSTRAINT posts_pkey',
      'CREATE TABLE notes (id integer)',
    );
    const drift = await detectDrift(config());
    expect(drift.drifted).toBe(true);
    expect(drift.differences.map((d) => d.message).sort()).toEqual(
      [
        "changed enum user_status: the snapshot has 'active', 'blocked', the database 'active', 'blocked', 'gone'",
        'changed column users.score: the snapshot has integer not null default 0, the database integer not null',
        'changed primary key of posts: the snapshot has (id), the database none',
        'extra table notes: in the database, not in the snapshot (made by hand?)',
        'missing foreign key posts_user_id_fkey (posts (user_id) references users (id)): in the snapshot, not in the database (dropped by hand?)',
      ].sort(),
    );
    // The status report carries the same, when asked.
    const status = await migrationStatus(config(), { drift: true });
    expect(status.drift).toEqual(drift);
    expect((await migrationStatus(config())).drift).toBeUndefined();
  });
});
