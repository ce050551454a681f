import fs from 'node:fs';
import path from 'node:path';
import { completeMigration, migrateDown, migrateUp, migrationStatus, rollbackMigration } from '@gati-framework/migrations';
import { versionedKysely } from '@gati-framework/migrations/runtime';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { serverAvailable } from '../support/test-databases';
import { ZeroDowntimeProject } from './zero-downtime-project';

/**
 * The phase harness, in the shape of pgroll's: for each operation, after expand both versions read and write
 * through their own schemas on the same rows and see each other's writes converted; after rollback nothing of the
 * expand is left and the old version is untouched; after complete the new version works and the triggers are gone.
 */
const V1 = 'tsv:1700000000-users-001';
const V2 = 'tsv:1700000100-users-002';

const USERS_V1 = `export interface User {\n  id: number;\n  name: string;\n  age: string;\n}\n`;
const USERS_V2_AGE_NUMBER = `export interface User {\n  id: number;\n  name: string;\n  /** @index */\n  age: number;\n}\n`;

let available = false;
beforeAll(async () => {
  available = await serverAvailable('postgresql');
});

/** Runs `test` on a fresh project (skipped, with one line, where PostgreSQL is unreachable). */
function withProject(test: (project: ZeroDowntimeProject) => Promise<void>): () => Promise<void> {
  return async () => {
    if (!available) return;
    const project = await ZeroDowntimeProject.create();
    try {
      await test(project);
    } finally {
      await project.close();
    }
  };
}

async function seedV1(project: ZeroDowntimeProject): Promise<void> {
  await project.version(V1, USERS_V1);
  const old = await project.oldSession();
  await old.query(`INSERT INTO users (id, name, age) VALUES (1, 'Ada', '36'), (2, 'Lin', 'abc'), (3, 'Bo', ' 7')`);
}

describe('zero-downtime on PostgreSQL: a type change (age: string -> number)', () => {
  it(
    'expands: each version reads and writes its own type on the same rows, and sees the other version’s writes converted',
    withProject(async (project) => {
      await seedV1(project);
      const { up } = await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      expect(up.applied.map((run) => run.direction)).toEqual(['expand']);

      const old = await project.oldSession();
      const next = await project.versionSession(V2);
      // The old version, unchanged: text, on public.
      expect((await old.query(`SELECT age FROM users WHERE id = 1`)).rows).toEqual([{ age: '36' }]);
      // The new version, through its schema: integers, NULL where the text does not convert.
      expect((await next.query(`SELECT id, age FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, age: 36 },
        { id: 2, age: null },
        { id: 3, age: 7 },
      ]);
      // Writes of the old version reach the new one converted, and the other way round.
      await old.query(`INSERT INTO users (id, name, age) VALUES (4, 'Old', '41')`);
      await old.query(`UPDATE users SET age = '37' WHERE id = 1`);
      await next.query(`INSERT INTO users (id, name, age) VALUES (5, 'New', 50)`);
      await next.query(`UPDATE users SET age = 8 WHERE id = 3`);
      expect((await next.query(`SELECT id, age FROM users WHERE id IN (1, 4, 5) ORDER BY id`)).rows).toEqual([
        { id: 1, age: 37 },
        { id: 4, age: 41 },
        { id: 5, age: 50 },
      ]);
      expect((await old.query(`SELECT id, age FROM users WHERE id IN (3, 5) ORDER BY id`)).rows).toEqual([
        { id: 3, age: '8' },
        { id: 5, age: '50' },
      ]);
      // A new-version write that leaves age alone keeps the old version's text as it was.
      await old.query(`UPDATE users SET age = ' 9' WHERE id = 4`);
      await next.query(`UPDATE users SET name = 'Renamed' WHERE id = 4`);
      expect((await old.query(`SELECT age FROM users WHERE id = 4`)).rows).toEqual([{ age: ' 9' }]);

      const status = await migrationStatus(project.config());
      const entry = status.migrations.find((m) => m.version === V2)!;
      expect(entry.phase).toMatchObject({ phase: 'expanded', versionSchema: 'gati_v_1700000100_users_002' });
      expect(entry.phase!.backfill.users).toEqual({ done: 3, total: 3 });
    }),
  );

  it(
    'counts a session of the new version that has no schema yet (started before the expand made it) as the old version: its writes never fail, and reach the new column converted',
    withProject(async (project) => {
      await seedV1(project);
      await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      // What versionedKysely gives a V2 handler that started while the expand was still backfilling: public, gati.version = V2.
      const early = await project.versionSessionWithoutSchema(V2);
      const next = await project.versionSession(V2);
      // It sees the old shape (text), and writes it: an INSERT is not refused, an UPDATE does not leave the new column stale.
      await early.query(`INSERT INTO users (id, name, age) VALUES (7, 'Early', '42')`);
      await early.query(`UPDATE users SET age = '40' WHERE id = 1`);
      expect((await next.query(`SELECT id, age FROM users WHERE id IN (1, 7) ORDER BY id`)).rows).toEqual([
        { id: 1, age: 40 },
        { id: 7, age: 42 },
      ]);
      // The session with the schema still writes as the new version.
      await next.query(`UPDATE users SET age = 41 WHERE id = 7`);
      expect((await early.query(`SELECT age FROM users WHERE id = 7`)).rows).toEqual([{ age: '41' }]);
    }),
  );

  it(
    'refuses to complete while a converted value is missing, naming it; completes once fixed, and the new version keeps working',
    withProject(async (project) => {
      await seedV1(project);
      await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      await expect(completeMigration(project.config())).rejects.toMatchObject({
        code: 'COMPLETE_REFUSED',
        message: expect.stringMatching(/1 row of users have no converted age .*"abc"/),
      });
      const old = await project.oldSession();
      await old.query(`UPDATE users SET age = '12' WHERE id = 2`);
      const done = await completeMigration(project.config());
      expect(done.overridden).toEqual([]);

      const next = await project.versionSession(V2);
      expect((await next.query(`SELECT id, age FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, age: 36 },
        { id: 2, age: 12 },
        { id: 3, age: 7 },
      ]);
      await next.query(`INSERT INTO users (id, name, age) VALUES (6, 'After', 60)`);
      // The table itself now has the new type, and nothing of the expand is left but the new version's schema.
      const column = await old.query(
        `SELECT data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'age'`,
      );
      expect(column.rows).toEqual([{ data_type: 'integer', is_nullable: 'NO' }]);
      expect(await project.leftovers()).toEqual(['schema gati_v_1700000100_users_002']);
      // The index on age was built on the new column and took the index's name.
      const indexes = await old.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'users' AND indexdef LIKE '%(age)%'`);
      expect(indexes.rows).toHaveLength(1);
      expect(indexes.rows[0].indexname).not.toMatch(/_gati_zd_/);

      const status = await migrationStatus(project.config());
      expect(status.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
      // After a contract there is no rollback; down works as for any migration.
      await expect(rollbackMigration(project.config())).rejects.toMatchObject({ code: 'NOTHING_EXPANDED' });
      await migrateDown(project.config(), { allowDataLoss: true });
      expect((await old.query(`SELECT age FROM users WHERE id = 1`)).rows).toEqual([{ age: '36' }]);
    }),
  );

  it(
    'rolls back an expand: nothing of it is left, and every write of either version is in the old column',
    withProject(async (project) => {
      await seedV1(project);
      await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      const next = await project.versionSession(V2);
      await next.query(`INSERT INTO users (id, name, age) VALUES (5, 'New', 50)`);
      await next.end();
      await rollbackMigration(project.config());
      expect(await project.leftovers()).toEqual([]);
      const old = await project.oldSession();
      expect((await old.query(`SELECT id, age FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, age: '36' },
        { id: 2, age: 'abc' },
        { id: 3, age: ' 7' },
        { id: 5, age: '50' },
      ]);
      const status = await migrationStatus(project.config());
      expect(status.migrations.map((m) => m.state)).toEqual(['applied', 'pending']);
    }),
  );
});

describe('zero-downtime on PostgreSQL: renames, a new NOT NULL column, a dropped column', () => {
  const USERS = (body: string, tags = '') => `${tags}export interface User {\n  id: number;\n${body}}\n`;

  it(
    'a column rename: the new version sees the new name through its view, the old one the old name, on the same rows; contract renames it',
    withProject(async (project) => {
      await project.version(V1, USERS('  name: string;\n'));
      await project.version(V2, USERS('  /** @renamedFrom name */\n  displayName: string;\n'), { zeroDowntime: true });
      const old = await project.oldSession();
      const next = await project.versionSession(V2);
      await old.query(`INSERT INTO users (id, name) VALUES (1, 'Ada')`);
      await next.query(`INSERT INTO users (id, display_name) VALUES (2, 'Lin')`);
      expect((await next.query(`SELECT id, display_name FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, display_name: 'Ada' },
        { id: 2, display_name: 'Lin' },
      ]);
      expect((await old.query(`SELECT id, name FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, name: 'Ada' },
        { id: 2, name: 'Lin' },
      ]);
      await completeMigration(project.config());
      expect((await old.query(`SELECT id, display_name FROM public.users ORDER BY id`)).rows).toHaveLength(2);
      expect((await next.query(`SELECT display_name FROM users WHERE id = 2`)).rows).toEqual([{ display_name: 'Lin' }]);
    }),
  );

  it(
    'a table rename: the new version sees the new table name; contract renames the table',
    withProject(async (project) => {
      await project.version(V1, USERS('  name: string;\n'));
      await project.version(V2, `/** @renamedFrom users */\nexport interface Member {\n  id: number;\n  name: string;\n}\n`, {
        zeroDowntime: true,
      });
      const old = await project.oldSession();
      const next = await project.versionSession(V2);
      await old.query(`INSERT INTO users (id, name) VALUES (1, 'Ada')`);
      await next.query(`INSERT INTO members (id, name) VALUES (2, 'Lin')`);
      expect((await next.query(`SELECT id FROM members ORDER BY id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
      expect((await old.query(`SELECT id FROM users ORDER BY id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
      await completeMigration(project.config());
      expect((await old.query(`SELECT count(*)::int AS n FROM public.members`)).rows).toEqual([{ n: 2 }]);
    }),
  );

  it(
    'a new NOT NULL column with a backfill: the old version’s inserts get the backfill by trigger, the rows there are too; contract sets NOT NULL',
    withProject(async (project) => {
      await project.version(V1, USERS('  name: string;\n'));
      const old = await project.oldSession();
      await old.query(`INSERT INTO users (id, name) VALUES (1, 'Ada')`);
      await project.version(V2, USERS('  name: string;\n  status: string;\n'), {
        zeroDowntime: true,
        backfills: ["users.status='active'"],
      });
      // An expand that died after it made the column and its check runs again over them (as after a kill).
      await old.query(`UPDATE gati_migrations_phases SET phase = 'expanding'`);
      expect((await migrateUp(project.config())).applied.map((run) => run.direction)).toEqual(['expand']);
      const next = await project.versionSession(V2);
      await old.query(`INSERT INTO users (id, name) VALUES (2, 'Old')`);
      await next.query(`INSERT INTO users (id, name, status) VALUES (3, 'New', 'vip')`);
      expect((await next.query(`SELECT id, status FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, status: 'active' },
        { id: 2, status: 'active' },
        { id: 3, status: 'vip' },
      ]);
      await completeMigration(project.config());
      const column = await old.query(
        `SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'status'`,
      );
      expect(column.rows).toEqual([{ is_nullable: 'NO' }]);
      expect(await project.leftovers()).toEqual(['schema gati_v_1700000100_users_002']);
    }),
  );

  it(
    'a dropped NOT NULL column: hidden from the new version, whose inserts fill it by trigger so the old version keeps reading rows; contract drops it',
    withProject(async (project) => {
      await project.version(V1, USERS('  name: string;\n  nickname: string;\n'));
      await project.version(V2, USERS('  name: string;\n'), { zeroDowntime: true, allowDataLoss: true });
      const old = await project.oldSession();
      const next = await project.versionSession(V2);
      await next.query(`INSERT INTO users (id, name) VALUES (1, 'New')`);
      await expect(next.query(`SELECT nickname FROM users`)).rejects.toThrow(/column "nickname" does not exist/);
      expect((await old.query(`SELECT id, nickname FROM users`)).rows).toEqual([{ id: 1, nickname: '' }]);
      await completeMigration(project.config());
      await expect(old.query(`SELECT nickname FROM public.users`)).rejects.toThrow(/does not exist/);
    }),
  );
});

describe('zero-downtime on PostgreSQL: plain migrations after a completed one', () => {
  it(
    'a plain migration changes a column the completed version’s views use: the views step aside and come back over the new tables',
    withProject(async (project) => {
      await seedV1(project);
      const old = await project.oldSession();
      await old.query(`UPDATE users SET age = '5' WHERE id = 2`);
      await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      await completeMigration(project.config());
      // A plain migration drops name and widens age: both are columns of the v2 views.
      const V3 = 'tsv:1700000200-users-003';
      await project.version(V3, `export interface User {\n  id: number;\n  /** @index */\n  age: string;\n}\n`, { allowDataLoss: true });
      const next = await project.versionSession(V2);
      expect((await next.query(`SELECT * FROM users ORDER BY id`)).rows).toEqual([
        { id: 1, age: '36' },
        { id: 2, age: '5' },
        { id: 3, age: '7' },
      ]);
      await migrateDown(project.config(), { allowDataLoss: true });
      expect((await next.query(`SELECT id, age, name FROM users WHERE id = 1`)).rows).toEqual([{ id: 1, age: 36, name: '' }]);
    }),
  );
});

describe('zero-downtime on PostgreSQL: complete waits for the old version', () => {
  it(
    'refuses while a session of the old version is connected or the registry lists it as active; --force overrides and says what it overrode',
    withProject(async (project) => {
      await seedV1(project);
      const fixer = await project.oldSession();
      await fixer.query(`UPDATE users SET age = '5' WHERE id = 2`);
      await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      const old = await project.oldSession(V1);
      await expect(completeMigration(project.config())).rejects.toMatchObject({
        code: 'COMPLETE_REFUSED',
        message: expect.stringContaining(`sessions of other versions are connected (gati ${V1} (1))`),
      });
      await old.end();
      fs.mkdirSync(path.join(project.root, '.gati', 'timescape'), { recursive: true });
      fs.writeFileSync(path.join(project.root, '.gati', 'timescape', 'registry.json'), JSON.stringify({ activeVersions: [V1, V2] }));
      await expect(completeMigration(project.config())).rejects.toMatchObject({
        message: expect.stringContaining(`the Timescape registry lists ${V1} as active`),
      });
      const forced = await completeMigration(project.config(), { force: true });
      expect(forced.overridden).toEqual([`the Timescape registry lists ${V1} as active`]);
    }),
  );
});

describe('zero-downtime on PostgreSQL: every write path, through the runtime helper', () => {
  it(
    'the old version (helper or none) and the new one (session and transaction mode) each write their own type, and every write reaches the other',
    withProject(async (project) => {
      await seedV1(project);
      await project.version(V2, USERS_V2_AGE_NUMBER, { zeroDowntime: true });
      const connection = { url: project.database.url };
      const oldHelper = await versionedKysely<any>({ adapter: postgresqlAdapter, connection, version: V1 });
      const newSession = await versionedKysely<any>({ adapter: postgresqlAdapter, connection, version: V2 });
      const newTransaction = await versionedKysely<any>({ adapter: postgresqlAdapter, connection, version: V2, mode: 'transaction' });
      // A later version whose migration changed nothing writes as V2.
      const later = await versionedKysely<any>({ adapter: postgresqlAdapter, connection, version: 'tsv:1700000900-users-003' });
      const plain = await project.oldSession();
      try {
        await oldHelper.insertInto('users').values({ id: 10, name: 'old helper', age: '10' }).execute();
        await plain.query(`INSERT INTO users (id, name, age) VALUES (11, 'old plain', '11')`);
        await newSession.insertInto('users').values({ id: 12, name: 'new session', age: 12 }).execute();
        await newTransaction.transaction().execute((trx) => trx.insertInto('users').values({ id: 13, name: 'new trx', age: 13 }).execute());
        await newTransaction.insertInto('users').values({ id: 14, name: 'new trx, no transaction', age: 14 }).execute();
        await later.insertInto('users').values({ id: 15, name: 'later', age: 15 }).execute();
        const asNew = await newSession.selectFrom('users').select(['id', 'age']).where('id', '>=', 10).orderBy('id').execute();
        expect(asNew).toEqual([10, 11, 12, 13, 14, 15].map((id) => ({ id, age: id })));
        const asOld = await oldHelper.selectFrom('users').select(['id', 'age']).where('id', '>=', 10).orderBy('id').execute();
        expect(asOld).toEqual([10, 11, 12, 13, 14, 15].map((id) => ({ id, age: String(id) })));
      } finally {
        await Promise.all([oldHelper.destroy(), newSession.destroy(), newTransaction.destroy(), later.destroy()]);
      }
    }),
  );
});

describe('zero-downtime on PostgreSQL: an enum that loses a value', () => {
  const POSTS = (mood: string) => `export type Mood = ${mood};\n\nexport interface Post {\n  id: number;\n  mood: Mood;\n}\n`;

  it(
    'is a type change: the new version sees the narrower enum, a removed value is missing there until mapped, and contract leaves the type under its name',
    withProject(async (project) => {
      await project.version(V1, POSTS(`'happy' | 'sad' | 'meh'`));
      const old = await project.oldSession();
      await old.query(`INSERT INTO posts (id, mood) VALUES (1, 'happy'), (2, 'meh')`);
      const { generated } = await project.version(V2, POSTS(`'happy' | 'sad'`), { zeroDowntime: true, allowDataLoss: true });
      expect(generated.zeroDowntime).toMatchObject({ phased: true });
      const next = await project.versionSession(V2);
      expect((await next.query(`SELECT id, mood::text FROM posts ORDER BY id`)).rows).toEqual([
        { id: 1, mood: 'happy' },
        { id: 2, mood: null },
      ]);
      await next.query(`INSERT INTO posts (id, mood) VALUES (3, 'sad')`);
      expect((await old.query(`SELECT mood::text FROM posts WHERE id = 3`)).rows).toEqual([{ mood: 'sad' }]);
      await expect(next.query(`INSERT INTO posts (id, mood) VALUES (4, 'meh')`)).rejects.toThrow(/invalid input value for enum/);
      await expect(completeMigration(project.config())).rejects.toMatchObject({
        message: expect.stringMatching(/no converted mood .*"meh"/),
      });
      await old.query(`UPDATE posts SET mood = 'sad' WHERE id = 2`);
      await completeMigration(project.config());
      const labels = await old.query(
        `SELECT enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' ORDER BY enumsortorder`,
      );
      expect(labels.rows.map((r) => r.enumlabel)).toEqual(['happy', 'sad']);
      expect(await project.leftovers()).toEqual(['schema gati_v_1700000100_users_002']);
      expect((await next.query(`SELECT id, mood::text FROM posts ORDER BY id`)).rows).toEqual([
        { id: 1, mood: 'happy' },
        { id: 2, mood: 'sad' },
        { id: 3, mood: 'sad' },
      ]);
    }),
  );

  it(
    'rolls back: the new version’s enum type goes with the rest of the expand',
    withProject(async (project) => {
      await project.version(V1, POSTS(`'happy' | 'sad' | 'meh'`));
      await project.version(V2, POSTS(`'happy' | 'sad'`), { zeroDowntime: true, allowDataLoss: true });
      await rollbackMigration(project.config());
      expect(await project.leftovers()).toEqual([]);
      const old = await project.oldSession();
      const types = await old.query(`SELECT typname FROM pg_type WHERE typname LIKE 'mood%' ORDER BY 1`);
      expect(types.rows).toEqual([{ typname: 'mood' }]);
    }),
  );
});
