/**
 * A custom adapter (`defineAdapter`) brings its own Kysely dialect: here one a user might write for PostgreSQL
 * with their own pg Pool, reusing the built-in type mapping, writers and introspector, and writing one action its
 * own way (an index created `IF NOT EXISTS`). The README's custom-adapter example, driven through generate, up and
 * down against the real local server, in a database of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { defineAdapter } from '../../packages/adapters/src';
import {
  introspectPostgresql,
  postgresqlCapabilities,
  postgresqlTypeMapping,
  postgresqlWriters,
} from '../../packages/adapters/src/postgresql';
import { type ActionWriter, str, strList } from '../../packages/core/src';
import { generateMigration, migrateDown, migrateUp, migrationStatus } from '../../packages/core/src/api';
import { resolveConfig } from '../../packages/core/src/config';
import { createPostgresDatabase, serverAvailable, type ServerDatabase } from '../support/test-databases';

/** An index on a table the migration creates, `IF NOT EXISTS`; PostgreSQL's own writer builds the others concurrently. */
const createIndex: ActionWriter<'createIndex'> = (action, ctx) =>
  action.concurrently
    ? postgresqlWriters.createIndex!(action, ctx)
    : `await db.schema.createIndex(${str(action.index.name)}).ifNotExists().on(${str(action.table)}).columns(${strList(action.index.columns)})${action.index.unique ? '.unique()' : ''}.execute();`;

/** The adapter as a user would write it in gati.config.ts. */
function myPostgres(pools: Pool[]) {
  return defineAdapter({
    name: 'my-postgres',
    capabilities: postgresqlCapabilities,
    types: postgresqlTypeMapping,
    writers: { ...postgresqlWriters, createIndex },
    createDialect: (connection) => {
      const pool = new Pool({ connectionString: String(connection.url), max: 2 });
      pools.push(pool);
      return new PostgresDialect({ pool });
    },
    introspect: introspectPostgresql,
    describeTarget: (connection) => `my-postgres ${new URL(String(connection.url)).pathname.slice(1)}`,
  });
}

describe('a custom adapter made with defineAdapter', () => {
  let database: ServerDatabase;
  let root: string;
  let available = false;
  const pools: Pool[] = [];

  beforeAll(async () => {
    available = await serverAvailable('postgresql');
    if (!available) return;
    database = await createPostgresDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-custom-adapter-'));
    fs.mkdirSync(path.join(root, 'src/entities'), { recursive: true });
  });

  afterAll(async () => {
    if (!available) return;
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await database.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('generates, applies and rolls back migrations through its own dialect', async () => {
    if (!available) return;
    const config = resolveConfig({ adapter: myPostgres(pools), connection: { url: database.url } }, { root });
    expect(config.adapter.name).toBe('my-postgres');

    fs.writeFileSync(
      path.join(root, 'src/entities/note.ts'),
      "export type Mood = 'calm' | 'busy';\nexport interface Note {\n  id: string;\n  /** @index */\n  body: string;\n  mood: Mood;\n}\n",
    );
    const first = await generateMigration(config, { name: 'create_notes', now: new Date('2024-01-15T10:00:00Z') });
    expect(first.code).toContain(".createType('mood').asEnum(['calm', 'busy'])");
    expect((first.code ?? '').replace(/\s+/g, '')).toContain(".createIndex('notes_body_idx').ifNotExists().on('notes').columns(['body'])");
    fs.writeFileSync(
      path.join(root, 'src/entities/note.ts'),
      "export type Mood = 'calm' | 'busy';\nexport interface Note {\n  id: string;\n  /** @index */\n  body: string;\n  mood: Mood;\n  pinned?: boolean;\n}\n",
    );
    await generateMigration(config, { name: 'add_pinned', now: new Date('2024-01-16T10:00:00Z') });

    expect((await migrateUp(config)).applied).toHaveLength(2);
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 1 }) }) });
    try {
      await db.insertInto('notes').values({ id: 'n1', body: 'hello', mood: 'calm', pinned: true }).execute();
      const { rows: indexes } = await sql<{
        indexname: string;
      }>`SELECT indexname FROM pg_indexes WHERE tablename = 'notes' ORDER BY indexname`.execute(db);
      expect(indexes.map((r) => r.indexname)).toEqual(['notes_body_idx', 'notes_pkey']);
      expect((await migrationStatus(config)).counts).toEqual({ applied: 2, pending: 0, failed: 0, unknown: 0, modified: 0, missing: 0 });

      expect((await migrateDown(config)).rolledBack.map((r) => r.name)).toEqual([expect.stringMatching(/_add_pinned$/)]);
      const { rows } = await sql<{
        column_name: string;
      }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' ORDER BY ordinal_position`.execute(db);
      expect(rows.map((r) => r.column_name)).toEqual(['id', 'body', 'mood']);
      expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: 'n1', body: 'hello', mood: 'calm' }]);

      await migrateDown(config, { all: true });
      const { rows: tables } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'notes'`.execute(db);
      expect(tables[0]!.n).toBe(0);
      const { rows: types } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'mood'`.execute(db);
      expect(types[0]!.n).toBe(0);
    } finally {
      await db.destroy();
    }
  });
});
