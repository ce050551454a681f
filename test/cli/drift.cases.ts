/**
 * Drift through the built `gati` binary on SQLite, PostgreSQL and MariaDB: a freshly migrated database shows
 * none; a column added and one dropped by hand, and an index made by hand, are each listed by
 * `migrate:status --drift` (and in `--json`), which exits 1, as does `--check --drift`; `generate` warns about
 * them and about earlier migrations still pending; `migrate:snapshot` records the database as it is, after
 * which there is no drift and `generate`, with the entity types saying what the database holds, finds nothing.
 */
import mysql from 'mysql2/promise';
import { Client } from 'pg';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../support/test-databases';
import { type Project, expectSuccess, show, withProject } from './cli-harness';

interface DriftDialect {
  readonly name: 'sqlite' | 'postgresql' | 'mysql';
  /** A database for the test (undefined: the server is down and the test skips), its URL, and how to drop it. */
  open(): Promise<{ url?: string; drop(): Promise<void> } | undefined>;
  /** Runs statements on the database, as a user with a SQL console would. */
  exec(project: Project, url: string | undefined, statements: readonly string[]): Promise<void>;
  /** The column type a user writes for a string column by hand. */
  readonly varchar: string;
}

const DIALECTS: DriftDialect[] = [
  {
    name: 'sqlite',
    open: async () => ({ drop: async () => undefined }),
    async exec(project, _url, statements) {
      for (const statement of statements) project.exec(statement);
    },
    varchar: 'text',
  },
  {
    name: 'postgresql',
    async open() {
      return (await serverAvailable('postgresql')) ? createPostgresDatabase() : undefined;
    },
    async exec(_project, url, statements) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        for (const statement of statements) await client.query(statement);
      } finally {
        await client.end();
      }
    },
    varchar: 'varchar(255)',
  },
  {
    name: 'mysql',
    async open() {
      return (await serverAvailable('mysql')) ? createMysqlDatabase() : undefined;
    },
    async exec(_project, url, statements) {
      const conn = await mysql.createConnection(url!);
      try {
        for (const statement of statements) await conn.query(statement);
      } finally {
        await conn.end();
      }
    },
    varchar: 'varchar(255)',
  },
];

/** Enums, defaults, a unique and a plain index, a foreign key: what introspection must read back as generated. */
const ENTITIES_V1 = `export type UserStatus = 'active' | 'blocked';

export interface User {
  id: string;
  /** @unique */
  email: string;
  status: UserStatus;
  /** @default 0 */
  score: number;
  /** @default CURRENT_TIMESTAMP */
  createdAt: Date;
  nickname?: string;
}

export interface Post {
  id: string;
  /** @references User.id */
  userId: string;
  /** @index */
  title: string;
}
`;

/** What the database holds after the changes made by hand: phone added, nickname dropped, status indexed. */
const ENTITIES_BY_HAND = ENTITIES_V1.replace('  status: UserStatus;', '  /** @index */\n  status: UserStatus;').replace(
  '  nickname?: string;',
  '  phone?: string;',
);

type Difference = { change: string; object: string; name: string; message: string };

for (const dialect of DIALECTS) {
  it.concurrent(
    `${dialect.name}: status --drift lists columns and indexes changed by hand; migrate:snapshot records them`,
    async () => {
      const database = await dialect.open();
      if (!database) return;
      try {
        await withProject(async (project) => {
          const env = { env: database.url ? { DATABASE_URL: database.url } : {} };
          const gati = (...args: string[]) => project.gatiWith(env, ...args);
          const gatiJson = async (...args: string[]) => {
            const result = await gati(...args, '--json');
            return { result, json: JSON.parse(result.stdout) };
          };
          project.entity('schema.ts', ENTITIES_V1);
          expectSuccess(await gati('migrate:generate', 'create_schema', '--version', '2024-01-15T10:00:00Z'));
          expectSuccess(await gati('migrate:up'));

          // Freshly migrated: no drift, on every dialect (enums, defaults, indexes, keys; the history tables left out).
          const clean = expectSuccess(await gati('migrate:status', '--check', '--drift'));
          expect(clean.stdout).toMatch(/Drift: none; the database matches the snapshot of \d+_create_schema\./);
          const cleanJson = await gatiJson('migrate:status', '--drift');
          expect(cleanJson.json.drift).toEqual({
            lastApplied: expect.stringMatching(/_create_schema$/),
            snapshot: expect.stringMatching(/_create_schema$/),
            differences: [],
            drifted: false,
          });

          await dialect.exec(project, database.url, [
            `ALTER TABLE users ADD COLUMN phone ${dialect.varchar}`,
            'ALTER TABLE users DROP COLUMN nickname',
            'CREATE INDEX users_status_idx ON users (status)',
          ]);

          const drifted = await gati('migrate:status', '--drift');
          expect(drifted.status).toBe(1);
          expect(drifted.stdout).toContain('Drift: the database differs from the snapshot of');
          expect(drifted.stdout).toContain(`  - extra column users.phone (`);
          expect(drifted.stdout).toContain(`  - missing column users.nickname (`);
          expect(drifted.stdout).toContain('  - extra index users_status_idx (on users (status)): in the database, not in the snapshot');
          const { result: jsonRun, json } = await gatiJson('migrate:status', '--drift');
          expect(jsonRun.status).toBe(1);
          expect(json.drift.drifted).toBe(true);
          expect((json.drift.differences as Difference[]).map((d) => `${d.change} ${d.object} ${d.name}`).sort()).toEqual([
            'extra column users.phone',
            'extra index users_status_idx',
            'missing column users.nickname',
          ]);
          // --check alone looks at the migrations, which are all applied; with --drift it fails on the drift.
          expectSuccess(await gati('migrate:status', '--check'));
          expect((await gati('migrate:status', '--check', '--drift')).status).toBe(1);

          // generate diffs against the snapshot (nothing to do) and says that the database drifted from it.
          const generated = expectSuccess(await gati('migrate:generate'));
          expect(generated.stdout).toContain('No schema changes');
          expect(generated.stderr).toMatch(
            /^Warning: the database has drifted from the snapshot of \d+_create_schema, which generate builds on: /m,
          );
          expect(generated.stderr).toContain('and 2 more. gati migrate:status --drift lists them');

          // Record the database as it is (the entity types saying so first, so that the snapshot spells it as they
          // do): no drift any more, and generate finds nothing to do.
          project.entity('schema.ts', ENTITIES_BY_HAND);
          const snapshotFile = project.listFiles().find((f) => f.endsWith('_create_schema.snapshot.json'))!;
          const generatedSnapshot = JSON.parse(project.read(`migrations/${snapshotFile}`));
          const snapshot = expectSuccess(await gati('migrate:snapshot'));
          expect(snapshot.stdout).toMatch(
            /Replaced migrations[\\/]meta[\\/]\d+_create_schema\.snapshot\.json from the database \(2 tables\)/,
          );
          expect(snapshot.stdout).toContain('  - extra column users.phone (');
          // Spelled as the generated snapshot spells it: the enum type's name and values, the column types.
          const recorded = JSON.parse(project.read(`migrations/${snapshotFile}`));
          const table = (schema: any, name: string) => schema.tables.find((t: { name: string }) => t.name === name);
          const column = (schema: any, name: string) => table(schema, 'users').columns.find((c: { name: string }) => c.name === name);
          expect(recorded.schema.enums).toEqual(generatedSnapshot.schema.enums);
          for (const name of ['id', 'email', 'status', 'score', 'created_at']) {
            expect(column(recorded.schema, name)).toEqual(column(generatedSnapshot.schema, name));
          }
          expect(column(recorded.schema, 'phone')).toEqual({ name: 'phone', type: { kind: 'varchar', length: 255 }, nullable: true });
          expect(table(recorded.schema, 'posts')).toEqual(table(generatedSnapshot.schema, 'posts'));
          expectSuccess(await gati('migrate:status', '--check', '--drift'));
          const nothing = await gati('migrate:generate');
          expect(nothing.stdout).toContain('No schema changes');
          expect(nothing.stderr).toBe('');

          // An earlier migration not yet applied is worth a warning too.
          project.entity('schema.ts', ENTITIES_BY_HAND.replace('  phone?: string;', '  phone?: string;\n  bio?: string;'));
          expectSuccess(await gati('migrate:generate', 'add_bio'));
          project.entity(
            'schema.ts',
            ENTITIES_BY_HAND.replace('  phone?: string;', '  phone?: string;\n  bio?: string;\n  city?: string;'),
          );
          const second = expectSuccess(await gati('migrate:generate', 'add_city'));
          expect(second.stderr).toMatch(/^Warning: \d+_add_bio is pending: not applied to .* yet; gati migrate:up applies it\.$/m);
          expect(second.stderr).not.toContain('drifted');
        });
      } catch (error) {
        throw new Error(`${dialect.name}: ${(error as Error).message}`, { cause: error });
      } finally {
        await database.drop();
      }
    },
    300_000,
  );
}

it.concurrent('generate goes on without a word when the configured database cannot be reached', () =>
  withProject(async (project) => {
    project.entity('user.ts', 'export interface User {\n  id: string;\n}\n');
    const started = Date.now();
    const result = await project.gatiWith(
      { env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' } },
      'migrate:generate',
      'create_users',
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Wrote migrations');
    expect(result.stderr).toBe('');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(show(result)).not.toContain('Cannot connect');
  }),
);

it.concurrent(
  'a hand-written migration: drift until migrate:snapshot records the schema it leaves; refusals are exit 2',
  () =>
    withProject(async (project) => {
      project.entity('user.ts', 'export interface User {\n  id: string;\n}\n');
      expectSuccess(await project.gati('migrate:generate', 'create_users'));
      const refused = await project.gati('migrate:snapshot');
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^Error: No migration is applied to .*: run gati migrate:up first\.$/m);
      expectSuccess(await project.gati('migrate:up'));

      expectSuccess(await project.gati('migrate:create', 'add_nickname'));
      const file = project.migrationFile('add_nickname');
      const name = file.replace(/^migrations[\\/]/, '').replace(/\.ts$/, '');
      const pending = await project.gati('migrate:snapshot');
      expect(pending.status).toBe(2);
      expect(pending.stderr).toContain(`${name} is pending: the database does not hold its schema. Run gati migrate:up first`);
      expect(project.exists(`migrations/meta/${name}.snapshot.json`)).toBe(false);

      project.write(
        file,
        project
          .read(file)
          .replace(/up: async \(db[^)]*\) => \{/, "$&\n    await db.schema.alterTable('users').addColumn('nickname', 'text').execute();")
          .replace(/down: async \(db[^)]*\) => \{/, "$&\n    await db.schema.alterTable('users').dropColumn('nickname').execute();"),
      );
      expectSuccess(await project.gati('migrate:up'));
      const drift = await project.gati('migrate:status', '--drift');
      expect(drift.status).toBe(1);
      expect(drift.stdout).toContain(`${name}, the last applied migration, has no snapshot of its own (written by hand?)`);
      expect(drift.stdout).toContain('  - extra column users.nickname (text null)');

      // The entity types say what the migration did; the snapshot takes their spelling where the database agrees.
      project.entity('user.ts', 'export interface User {\n  id: string;\n  nickname?: string;\n}\n');
      const recorded = expectSuccess(await project.gati('migrate:snapshot'));
      expect(recorded.stdout).toContain(
        `Wrote migrations/meta/${name}.snapshot.json from the database (1 table): the snapshot of ${name}.`,
      );
      const snapshot = JSON.parse(project.read(`migrations/meta/${name}.snapshot.json`));
      expect(snapshot.parentId).toMatch(/_create_users$/);
      expect(snapshot.schema.tables[0].columns.map((c: { name: string }) => c.name)).toEqual(['id', 'nickname']);
      expectSuccess(await project.gati('migrate:status', '--check', '--drift'));
      expect(expectSuccess(await project.gati('migrate:generate')).stdout).toContain('No schema changes');
    }),
  300_000,
);

it.concurrent('generate warns, one line, about an earlier migration that failed on the database', () =>
  withProject(async (project) => {
    project.entity('user.ts', 'export interface User {\n  id: string;\n}\n');
    expectSuccess(await project.gati('migrate:generate', 'create_users'));
    expectSuccess(await project.gati('migrate:up'));
    expectSuccess(await project.gati('migrate:create', 'broken'));
    const file = project.migrationFile('broken');
    const name = file.replace(/^migrations[\\/]/, '').replace(/\.ts$/, '');
    project.write(
      file,
      project.read(file).replace(/up: async \(db[^)]*\) => \{/, "$&\n    throw new Error('boom: the data is not there');"),
    );
    expect((await project.gati('migrate:up')).status).toBe(1);

    project.entity('user.ts', 'export interface User {\n  id: string;\n  name?: string;\n}\n');
    const generated = expectSuccess(await project.gati('migrate:generate', 'add_name'));
    const warnings = generated.stderr.split('\n').filter((line) => line.startsWith('Warning: '));
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^Warning: ${name} failed \\(its last up: .*boom: the data is not there`))]);
    const { json } = await project.gatiJson('migrate:generate', 'add_name_again', '--dry-run');
    // The one generate just wrote is pending now: the next generate says so, in --json too.
    expect(json.warnings).toEqual([
      expect.stringMatching(/^\d+_add_name is pending: not applied to .* yet; gati migrate:up applies it\.$/),
      expect.stringContaining(`${name} failed (its last up`),
    ]);
  }),
);
