/**
 * Type changes in place where the database can: a change that keeps every value (a wider varchar, int to bigint)
 * is one ALTER COLUMN … TYPE (PostgreSQL) or MODIFY COLUMN (MySQL), so the column keeps its place and a wider
 * varchar does not rewrite the table; a conversion that transforms values goes through a new column, which on
 * MySQL is placed where the old one was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, sql } from 'kysely';
import { generateMigration, migrateUp } from '../../src/api';
import { resolveSqlConfig } from '../../src/config';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

type Server = 'postgresql' | 'mysql';

const V1 =
  'export interface Item {\n  id: string;\n  /** @maxLength 64 */\n  title: string;\n  visits: number;\n  code: string;\n  note: string;\n}\n';
const V2 = 'export interface Item {\n  id: string;\n  title: string;\n  visits: number;\n  code: string;\n  note: string;\n}\n';
const V3 = 'export interface Item {\n  id: string;\n  title: string;\n  visits: bigint;\n  code: number;\n  note: string;\n}\n';

describe.each<Server>(['postgresql', 'mysql'])('type changes on %s', (server) => {
  let available = false;
  let database: ServerDatabase;
  let root: string;

  beforeAll(async () => {
    available = await serverAvailable(server);
  });
  beforeEach(async () => {
    if (!available) return;
    database = server === 'postgresql' ? await createPostgresDatabase() : await createMysqlDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), `gati-in-place-${server}-`));
  });
  afterEach(async () => {
    if (!available) return;
    await database.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keep every column in its place; a wider varchar changes the definition only', async () => {
    if (!available) return;
    const config = resolveSqlConfig({ adapter: server, connection: { url: database.url }, entities: ['entities/*.ts'] }, { root });
    fs.mkdirSync(path.join(root, 'entities'));
    const entity = path.join(root, 'entities', 'item.ts');
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    const columns = async () =>
      server === 'postgresql'
        ? (
            await sql<{
              name: string;
              type: string;
            }>`SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'items'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`.execute(
              db,
            )
          ).rows.map((r) => `${r.name} ${r.type}`)
        : (
            await sql<{
              name: string;
              type: string;
            }>`SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items' ORDER BY ORDINAL_POSITION`.execute(
              db,
            )
          ).rows.map((r) => `${r.name} ${r.type}`);
    const storage = async () =>
      server === 'postgresql'
        ? (await sql<{ file: string }>`SELECT relfilenode::text AS file FROM pg_class WHERE relname = 'items'`.execute(db)).rows[0]!.file
        : undefined;
    try {
      fs.writeFileSync(entity, V1);
      await generateMigration(config, { name: 'create_items', version: '2024-01-01T00:00:00Z' });
      await migrateUp(config);
      await db.insertInto('items').values({ id: 'i1', title: 'hello', visits: 3, code: '17', note: 'n' }).execute();
      const before = await storage();

      fs.writeFileSync(entity, V2);
      const widen = await generateMigration(config, { name: 'widen_title', version: '2024-02-01T00:00:00Z' });
      expect(widen.steps.up).toEqual(['change type of items.title from varchar(64) to varchar(255) in place']);
      await migrateUp(config);
      // PostgreSQL: the same storage, not a rewritten table.
      expect(await storage()).toBe(before);

      fs.writeFileSync(entity, V3);
      const retype = await generateMigration(config, { name: 'retype', version: '2024-03-01T00:00:00Z' });
      expect(retype.steps.up).toContain('change type of items.visits from int to bigint in place');
      await migrateUp(config);
      const expected =
        server === 'postgresql'
          ? // PostgreSQL cannot place a column: the converted one (code) comes last, the one changed in place stays.
            ['id character varying(255)', 'title character varying(255)', 'visits bigint', 'note character varying(255)', 'code integer']
          : ['id varchar(255)', 'title varchar(255)', 'visits bigint(20)', 'code int(11)', 'note varchar(255)'];
      expect(await columns()).toEqual(expected);
      const row = await db.selectFrom('items').selectAll().executeTakeFirst();
      expect({ ...row, visits: Number(row!.visits) }).toEqual({ id: 'i1', title: 'hello', visits: 3, code: 17, note: 'n' });
    } finally {
      await db.destroy();
    }
  });
});
