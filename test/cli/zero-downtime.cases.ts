/**
 * Zero-downtime through the CLI, as a user runs it: `generate --zero-downtime` names the phases, `up` expands,
 * `status` shows the phase and the version's schema, `down` and a second expand wait, `complete` contracts,
 * `rollback` then has nothing to do; on SQLite the same flag says both phases run at once.
 */
import { Client } from 'pg';
import { createPostgresDatabase, serverAvailable } from '../support/test-databases';
import { expectCleanFailure, expectSuccess, runGatiKilledAt, spawnGati, withProject } from './cli-harness';

const V1 = 'tsv:1700000000-users-001';
const V2 = 'tsv:1700000100-users-002';
const USER_V1 = 'export interface User {\n  id: number;\n  name: string;\n  age: string;\n}\n';
const USER_V2 = 'export interface User {\n  id: number;\n  name: string;\n  age: number;\n}\n';

it.concurrent('postgresql: generate --zero-downtime, up (expand), status, complete, rollback through the CLI', async () => {
  if (!(await serverAvailable('postgresql'))) return;
  const database = await createPostgresDatabase();
  const client = new Client({ connectionString: database.url });
  try {
    await withProject(async (project) => {
      const env = { env: { DATABASE_URL: database.url } };
      project.entity('user.ts', USER_V1);
      expectSuccess(await project.gatiWith(env, 'migrate:generate', '--version', V1));
      expectSuccess(await project.gatiWith(env, 'migrate:up'));
      await client.connect();
      await client.query(`INSERT INTO users (id, name, age) VALUES (1, 'Ada', '36')`);

      project.entity('user.ts', USER_V2);
      const generated = expectSuccess(await project.gatiWith(env, 'migrate:generate', '--zero-downtime', '--version', V2));
      expect(generated.stdout).toMatch(/Zero-downtime: migrate:up expands, migrate:complete contracts/);
      expect(generated.stdout).toMatch(/\* users\.age varchar\(255\) -> int: expand adds the new column/);

      const up = expectSuccess(await project.gatiWith(env, 'migrate:up'));
      expect(up.stdout).toMatch(/^Expanded \S+_alter_users_age .*both versions can be served now/m);
      const status = expectSuccess(await project.gatiWith(env, 'migrate:status'));
      expect(status.stdout).toMatch(/^expanded\s+tsv:1700000100-users-002/m);
      expect(status.stdout).toMatch(/schema gati_v_1700000100_users_002; backfill: users 1\/1 rows/);
      const json = await project.gatiJson('migrate:status', '--url', database.url);
      expect(json.json.migrations[1].phase).toMatchObject({ phase: 'expanded', versionSchema: 'gati_v_1700000100_users_002' });

      const drift = expectSuccess(await project.gatiWith(env, 'migrate:status', '--drift'));
      expect(drift.stdout).toMatch(/Drift: not compared; \S+ is expanded \(zero-downtime\)/);

      // Nothing else runs while the expand is open.
      const down = await project.gatiWith(env, 'migrate:down');
      expect(expectCleanFailure(down, 1)).toMatch(/is expanded .*gati migrate:complete/);

      const complete = expectSuccess(await project.gatiWith(env, 'migrate:complete'));
      expect(complete.stdout).toMatch(/^Completed \S+_alter_users_age/m);
      expect((await client.query(`SELECT age FROM public.users`)).rows).toEqual([{ age: 36 }]);
      const rollback = await project.gatiWith(env, 'migrate:rollback');
      expect(expectCleanFailure(rollback, 2)).toMatch(/No zero-downtime migration is expanded/);
      expect((await project.gatiWith(env, 'migrate:status', '--check')).status).toBe(0);
      // The completed database is what the migration's snapshot says: no drift (the runner's tables left out).
      expect(expectSuccess(await project.gatiWith(env, 'migrate:status', '--drift')).stdout).toMatch(/Drift: none/);
    });
  } finally {
    await client.end().catch(() => undefined);
    await database.drop();
  }
});

it.concurrent('sqlite: generate --zero-downtime says both phases run at once, and up applies the change whole', async () => {
  await withProject(async (project) => {
    project.entity('user.ts', USER_V1);
    expectSuccess(await project.gati('migrate:generate', '--version', V1));
    project.entity('user.ts', USER_V2);
    const generated = expectSuccess(await project.gati('migrate:generate', '--zero-downtime', '--version', V2));
    expect(generated.stdout).toMatch(/Zero-downtime: sqlite runs no zero-downtime phases yet: migrate:up applies the whole change at once/);
    const up = expectSuccess(await project.gati('migrate:up'));
    expect(up.stdout.match(/^Applied /gm)).toHaveLength(2);
  });
});

it.concurrent('postgresql: a change with no zero-downtime form is refused at generate, naming it, exit 2', async () => {
  await withProject(async (project) => {
    const env = { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } };
    project.entity('user.ts', 'export interface User {\n  id: number;\n  name: string | null;\n}\n');
    expectSuccess(await project.gatiWith(env, 'migrate:generate', '--version', V1));
    project.entity('user.ts', 'export interface User {\n  id: number;\n  name: string;\n}\n');
    const refused = await project.gatiWith(env, 'migrate:generate', '--zero-downtime', '--version', V2, '--backfill', "users.name='x'");
    expect(expectCleanFailure(refused, 2)).toMatch(
      /Changing users\.name has no zero-downtime form yet: an existing column that becomes NOT NULL/,
    );
    expect(project.listFiles().filter((f) => f.endsWith('.ts'))).toHaveLength(1);
  });
});

it.concurrent(
  'postgresql: an expand killed mid-backfill is shown as expanding, and the next up continues from its last batch',
  async () => {
    if (!(await serverAvailable('postgresql'))) return;
    const database = await createPostgresDatabase();
    const client = new Client({ connectionString: database.url });
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        project.write('gati.config.ts', 'export default { migrations: { backfill: { batchSize: 200, pauseMs: 30 } } };\n');
        project.entity('user.ts', USER_V1);
        expectSuccess(await project.gatiWith(env, 'migrate:generate', '--version', V1));
        expectSuccess(await project.gatiWith(env, 'migrate:up'));
        await client.connect();
        await client.query(`INSERT INTO users (id, name, age) SELECT n, 'user ' || n, (n % 90)::text FROM generate_series(1, 10000) AS n`);

        project.entity('user.ts', USER_V2);
        expectSuccess(await project.gatiWith(env, 'migrate:generate', '--zero-downtime', '--version', V2));
        // Killed once the backfill reported 30% (50 batches of 200 rows take at least 1.5 s).
        const killed = await runGatiKilledAt(project.dir, ['migrate:up'], /Backfilling users: \d+ \/ 10000 rows \(3\d%/, env);
        expect(killed.status).toBeNull();
        const status = await project.gatiJson('migrate:status', '--url', database.url);
        const phase = status.json.migrations[1].phase;
        expect(phase.phase).toBe('expanding');
        expect(phase.backfill.users.done).toBeGreaterThanOrEqual(3000);
        expect(phase.backfill.users.done).toBeLessThan(10000);
        const text = expectSuccess(await project.gatiWith(env, 'migrate:status'));
        expect(text.stdout).toMatch(/is expanding .*gati migrate:up continues it/);

        const resumed = expectSuccess(await project.gatiWith(env, 'migrate:up'));
        expect(resumed.stdout).toMatch(/^Expanded /m);
        // It went on from where it stopped: its first progress line is past the rows done before the kill.
        const first = /Backfilling users: (\d+) \/ 10000/.exec(resumed.stderr);
        expect(Number(first![1])).toBeGreaterThan(phase.backfill.users.done);
        const wrong = await client.query(`SELECT count(*)::int AS n FROM users WHERE "_gati_zd_age" IS DISTINCT FROM age::int`);
        expect(wrong.rows).toEqual([{ n: 0 }]);
      });
    } finally {
      await client.end().catch(() => undefined);
      await database.drop();
    }
  },
);

it.concurrent('postgresql: a complete killed mid-contract changed nothing (one transaction), and the next complete contracts', async () => {
  if (!(await serverAvailable('postgresql'))) return;
  const database = await createPostgresDatabase();
  const client = new Client({ connectionString: database.url });
  const blocker = new Client({ connectionString: database.url });
  try {
    await withProject(async (project) => {
      const env = { env: { DATABASE_URL: database.url } };
      const post = (title: string) => `export interface Post {\n  id: number;\n${title}}\n`;
      project.entity('user.ts', USER_V1);
      project.entity('post.ts', post('  title: string;\n'));
      expectSuccess(await project.gatiWith(env, 'migrate:generate', '--version', V1));
      expectSuccess(await project.gatiWith(env, 'migrate:up'));
      await client.connect();
      await client.query(`INSERT INTO users (id, name, age) VALUES (1, 'Ada', '36')`);
      await client.query(`INSERT INTO posts (id, title) VALUES (1, 'Hello')`);
      project.entity('user.ts', USER_V2);
      project.entity('post.ts', post('  /** @renamedFrom title */\n  headline: string;\n'));
      expectSuccess(await project.gatiWith(env, 'migrate:generate', '--zero-downtime', '--version', V2));
      expectSuccess(await project.gatiWith(env, 'migrate:up'));

      // A reader holds posts, so the contract waits on it half-way through its transaction; then it is killed.
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT * FROM posts');
      const running = spawnGati(project.dir, ['migrate:complete'], env);
      for (let waited = 0; ; waited += 100) {
        const waiting = await client.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        if (waiting.rows[0].n > 0) break;
        if (waited > 30_000) throw new Error('the contract never waited on the lock');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      running.child.kill('SIGKILL');
      expect((await running.done).signal).toBe('SIGKILL');
      await blocker.query('ROLLBACK');

      // Nothing of the contract happened: both tables as the expand left them, the migration still expanded.
      const columns = await client.query(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('users', 'posts') ORDER BY 1, 2`,
      );
      expect(columns.rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual([
        'posts.id',
        'posts.title',
        'users._gati_zd_age',
        'users.age',
        'users.id',
        'users.name',
      ]);
      const status = await project.gatiJson('migrate:status', '--url', database.url);
      expect(status.json.migrations[1].phase.phase).toBe('expanded');

      expectSuccess(await project.gatiWith(env, 'migrate:complete'));
      expect((await client.query(`SELECT id, headline FROM public.posts`)).rows).toEqual([{ id: 1, headline: 'Hello' }]);
      expect((await client.query(`SELECT age FROM public.users`)).rows).toEqual([{ age: 36 }]);
    });
  } finally {
    await blocker.end().catch(() => undefined);
    await client.end().catch(() => undefined);
    await database.drop();
  }
});
