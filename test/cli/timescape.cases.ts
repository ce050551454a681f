/**
 * Timescape versions through the built `gati` binary, with the project's `.gati/timescape/registry.json` as
 * Gati's `VersionRegistry` writes it: generate takes the registry's newest version and records the migration as
 * that version's `dbSchemaVersion`; `up --to <tag>` and `down --to v1.0.0` (the Timescape downgrade) resolve
 * tags through it, on SQLite and PostgreSQL.
 */
import { Client } from 'pg';
import { createPostgresDatabase, serverAvailable } from '../support/test-databases';
import { type Project, expectCleanFailure, expectSuccess, projectTemplate, withProject } from './cli-harness';

const REGISTRY = '.gati/timescape/registry.json';
const V1 = 'tsv:1705312800-users-001'; // 2024-01-15T10:00:00Z
const V2 = 'tsv:1707991200-users-002'; // 2024-02-15T10:00:00Z
const V3 = 'tsv:1710410400-users-003'; // 2024-03-14T10:00:00Z

const USERS = 'export interface User {\n  id: string;\n  name: string;\n}\n';
const USERS_EMAIL = 'export interface User {\n  id: string;\n  name: string;\n  email?: string;\n}\n';
const POSTS = 'export interface Post {\n  id: string;\n  title: string;\n}\n';

/** An empty registry as Gati starts one: every map there, with entries this tool must leave alone. */
function emptyRegistry(): Record<string, any> {
  return {
    handlers: {
      '/health': {
        handlerPath: '/health',
        versions: [
          {
            tsv: 'tsv:1700000000-health-001',
            timestamp: 1700000000,
            hash: 'h0',
            status: 'cold',
            requestCount: 7,
            lastAccessed: 1700000100,
            tags: [],
          },
        ],
      },
    },
    tags: {},
    activeVersions: ['tsv:1700000000-health-001'],
    coldVersions: [],
    modules: { '@app/mail': { version: '2.1.0' } },
    schemas: { User: { fields: ['id', 'name'] } },
    routes: { 'GET /users': '/users' },
    events: {},
    effects: { notify: { retries: 3 } },
    config: { coldAfterSeconds: 604800 },
  };
}

function readRegistry(project: Project): Record<string, any> {
  return JSON.parse(project.read(REGISTRY));
}

function writeRegistry(project: Project, registry: Record<string, any>): void {
  project.write(REGISTRY, `${JSON.stringify(registry, null, 2)}\n`);
}

/** What Gati's Timescape does when a new version of `/users` is deployed: the version, its tags (a tag moves). */
function deployVersion(project: Project, tsv: string, timestamp: number, tags: string[]): void {
  const registry = project.exists(REGISTRY) ? readRegistry(project) : emptyRegistry();
  for (const handler of Object.values<any>(registry.handlers)) {
    for (const version of handler.versions) version.tags = version.tags.filter((t: string) => !tags.includes(t));
  }
  registry.handlers['/users'] ??= { handlerPath: '/users', versions: [] };
  registry.handlers['/users'].versions.push({
    tsv,
    timestamp,
    hash: `sha256:${timestamp}`,
    status: 'hot',
    requestCount: 0,
    lastAccessed: timestamp,
    tags,
  });
  for (const label of tags) registry.tags[label] = { label, tsv, createdAt: timestamp, createdBy: 'deploy' };
  registry.activeVersions.push(tsv);
  writeRegistry(project, registry);
}

/** Each registry version's dbSchemaVersion, by id. */
function dbSchemaVersions(project: Project): Record<string, string | undefined> {
  const versions = Object.values<any>(readRegistry(project).handlers).flatMap((h) => h.versions);
  return Object.fromEntries(versions.map((v) => [v.tsv, v.dbSchemaVersion]));
}

/**
 * Three versions of `/users`, each deployed to the registry and then generated without --version: v1 (tag
 * v1.0.0) creates users, v2 (v2.0.0, stable) adds users.email, v3 (v3.0.0) creates posts.
 */
async function generateThreeVersions(project: Project, env: Record<string, string> = {}): Promise<[string, string, string]> {
  const generate = async (slug: string) => {
    const result = expectSuccess(await project.gatiWith({ env }, 'migrate:generate', slug));
    return /Wrote migrations[\\/](\S+)\.ts/.exec(result.stdout)![1]!;
  };
  deployVersion(project, V1, 1705312800, ['v1.0.0', 'stable']);
  project.entity('user.ts', USERS);
  const m1 = await generate('create_users');
  deployVersion(project, V2, 1707991200, ['v2.0.0', 'stable']);
  project.entity('user.ts', USERS_EMAIL);
  const m2 = await generate('add_email');
  deployVersion(project, V3, 1710410400, ['v3.0.0']);
  project.entity('post.ts', POSTS);
  const m3 = await generate('create_posts');
  return [m1, m2, m3];
}

const threeVersions = projectTemplate(async (project) => {
  await generateThreeVersions(project);
});
afterAll(() => threeVersions.cleanup());

async function copyOfThreeVersions(project: Project): Promise<[string, string, string]> {
  await threeVersions.copyInto(project);
  const names = project.migrationFiles().map((f) => f.replace(/\.ts$/, ''));
  expect(names).toEqual([
    expect.stringMatching(/_create_users$/),
    expect.stringMatching(/_add_email$/),
    expect.stringMatching(/_create_posts$/),
  ]);
  return names as [string, string, string];
}

it.concurrent("generate without --version takes the registry's newest version and records dbSchemaVersion, changing nothing else", () =>
  withProject(async (project) => {
    const registry = emptyRegistry();
    // Listed out of order, another handler's version older: the newest by timestamp is the users' v2.
    registry.handlers['/users'] = {
      handlerPath: '/users',
      versions: [
        {
          tsv: V2,
          timestamp: 1707991200,
          hash: 'b',
          status: 'hot',
          requestCount: 12,
          lastAccessed: 1707991300,
          tags: ['v2.0.0'],
        },
        {
          tsv: V1,
          timestamp: 1705312800,
          hash: 'a',
          status: 'warm',
          requestCount: 99,
          lastAccessed: 1707000000,
          tags: ['v1.0.0'],
          note: 'kept',
        },
      ],
    };
    writeRegistry(project, registry);
    const before = project.read(REGISTRY);
    project.entity('user.ts', USERS);

    // A dry run says which version it would use and writes nothing, the registry included.
    const dry = expectSuccess(await project.gati('migrate:generate', 'create_users', '--dry-run'));
    expect(dry.stdout).toContain(`(version ${V2})`);
    expect(project.read(REGISTRY)).toBe(before);

    const written = expectSuccess(await project.gati('migrate:generate', 'create_users'));
    const name = project
      .migrationFile('create_users')
      .replace(/^migrations[\\/]/, '')
      .replace(/\.ts$/, '');
    expect(written.stdout).toContain(`(version ${V2})`);
    expect(written.stdout).toContain(`and recorded it as the dbSchemaVersion of ${V2} in ${REGISTRY}`);
    expect(project.read(`migrations/${name}.ts`)).toContain(`version: '${V2}'`);
    // The registry is the same file with one field added.
    registry.handlers['/users'].versions[0].dbSchemaVersion = name;
    expect(project.read(REGISTRY)).toBe(`${JSON.stringify(registry, null, 2)}\n`);

    // No change: nothing written, the registry included.
    const after = project.read(REGISTRY);
    expect(expectSuccess(await project.gati('migrate:generate')).stdout).toContain('No schema changes');
    expect(project.read(REGISTRY)).toBe(after);

    // A version the registry does not have: the migration is written, the registry left alone, with a note.
    project.entity('user.ts', USERS_EMAIL);
    const { result, json } = await project.gatiJson('migrate:generate', 'add_email', '--version', '2024-06-01T00:00:00Z');
    expectSuccess(result);
    expect(json.registry).toEqual({ file: project.path(REGISTRY), version: '2024-06-01T00:00:00Z', recorded: false });
    expect(project.read(REGISTRY)).toBe(after);
    project.entity('post.ts', POSTS);
    const noted = expectSuccess(await project.gati('migrate:generate', 'create_posts', '--version', 'tsv:1800000000-users-009'));
    expect(noted.stdout).toContain(`Note: ${REGISTRY} has no version tsv:1800000000-users-009; it was left as it is.`);
    expect(project.read(REGISTRY)).toBe(after);

    // migrate:create defaults and records the same way.
    const created = expectSuccess(await project.gati('migrate:create', 'backfill_names'));
    const backfill = project
      .migrationFile('backfill_names')
      .replace(/^migrations[\\/]/, '')
      .replace(/\.ts$/, '');
    expect(created.stdout).toContain(`(version ${V2})`);
    expect(project.read(`migrations/${backfill}.ts`)).toContain(`version: '${V2}'`);
    expect(dbSchemaVersions(project)).toEqual({
      'tsv:1700000000-health-001': undefined,
      [V2]: backfill,
      [V1]: undefined,
    });
  }),
);

it.concurrent('generate with a registry that is not JSON fails with exit 1 naming the file, and writes nothing', () =>
  withProject(async (project) => {
    project.write(REGISTRY, '{"handlers": {');
    project.entity('user.ts', USERS);
    const message = expectCleanFailure(await project.gati('migrate:generate', 'create_users'), 1);
    expect(message).toContain(project.path(REGISTRY));
    expect(message).toContain('is not valid JSON');
    expect(project.listFiles()).toEqual([]);
  }),
);

it.concurrent('migrate:up --to a tag applies through the migration its version records; an unknown tag is exit 2 listing the tags', () =>
  withProject(async (project) => {
    const [m1, m2, m3] = await copyOfThreeVersions(project);
    expect(dbSchemaVersions(project)).toEqual({
      'tsv:1700000000-health-001': undefined,
      [V1]: m1,
      [V2]: m2,
      [V3]: m3,
    });

    const unknown = expectCleanFailure(await project.gati('migrate:up', '--to', 'v2.1.0'), 2);
    expect(unknown).toContain('--to v2.1.0');
    expect(unknown).toContain('Known tags: stable, v1.0.0, v2.0.0, v3.0.0.');
    expect(project.history()).toEqual([]);

    const { result, json } = await project.gatiJson('migrate:up', '--to', 'v1.0.0');
    expectSuccess(result);
    expect(json.applied.map((r: { name: string }) => r.name)).toEqual([m1]);
    // stable moved to v2 when v2 was deployed.
    const stable = expectSuccess(await project.gati('migrate:up', '--to', 'stable'));
    expect(stable.stdout).toContain(`Applied ${m2}`);
    expect(project.history()).toEqual([m1, m2]);
    expect(project.tables()).toEqual(['gati_migrations', 'gati_migrations_history', 'users']);
  }),
);

it.concurrent('migrate:down --to v1.0.0 on SQLite: rolls back v3 and v2, newest first; v1 stays applied with its rows', () =>
  withProject(async (project) => {
    const [m1, m2, m3] = await copyOfThreeVersions(project);
    expectSuccess(await project.gati('migrate:up'));
    project.exec("INSERT INTO users (id, name, email) VALUES ('u1', 'Ada', 'ada@example.com'), ('u2', 'Grace', NULL)");
    project.exec("INSERT INTO posts (id, title) VALUES ('p1', 'Hello')");

    const down = expectSuccess(await project.gati('migrate:down', '--to', 'v1.0.0'));
    expect(
      down.stdout
        .trim()
        .split('\n')
        .map((line) => line.replace(/ \(\d+ ms\)$/, '')),
    ).toEqual([`Rolled back ${m3}`, `Rolled back ${m2}`]);
    expect(project.history()).toEqual([m1]);
    expect(project.query('SELECT * FROM users ORDER BY id')).toEqual([
      { id: 'u1', name: 'Ada' },
      { id: 'u2', name: 'Grace' },
    ]);
    expect(project.tables()).not.toContain('posts');
    const { json: status } = await project.gatiJson('migrate:status');
    expect(status.migrations.map((m: { version: string; state: string }) => [m.version, m.state])).toEqual([
      [V1, 'applied'],
      [V2, 'pending'],
      [V3, 'pending'],
    ]);

    // Already there: nothing more to roll back.
    expect(expectSuccess(await project.gati('migrate:down', '--to', 'v1.0.0')).stdout).toMatch(/nothing to roll back/i);
  }),
);

it.concurrent('migrate:down --to v1.0.0 on PostgreSQL: rolls back v3 and v2; v1 stays applied with its rows', async () => {
  if (!(await serverAvailable('postgresql'))) return;
  const database = await createPostgresDatabase();
  try {
    await withProject(async (project) => {
      const env = { DATABASE_URL: database.url };
      const [m1, m2, m3] = await generateThreeVersions(project, env);
      expect(dbSchemaVersions(project)).toMatchObject({ [V1]: m1, [V2]: m2, [V3]: m3 });
      expectSuccess(await project.gatiWith({ env }, 'migrate:up'));
      await query(database.url, "INSERT INTO users (id, name, email) VALUES ('u1', 'Ada', 'ada@example.com'), ('u2', 'Grace', NULL)");
      await query(database.url, "INSERT INTO posts (id, title) VALUES ('p1', 'Hello')");

      const down = expectSuccess(await project.gatiWith({ env }, 'migrate:down', '--to', 'v1.0.0'));
      expect(down.stdout).toMatch(new RegExp(`Rolled back ${m3}.*\\n.*Rolled back ${m2}`));
      expect(await query(database.url, 'SELECT * FROM users ORDER BY id')).toEqual([
        { id: 'u1', name: 'Ada' },
        { id: 'u2', name: 'Grace' },
      ]);
      expect(
        await query(database.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"),
      ).toEqual([{ table_name: 'gati_migrations' }, { table_name: 'gati_migrations_history' }, { table_name: 'users' }]);
      expect((await query(database.url, 'SELECT name FROM gati_migrations ORDER BY name')).map((r) => r.name)).toEqual([m1]);
    });
  } finally {
    await database.drop();
  }
});

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it.concurrent(
  '--version takes a registry tag as --to does: generate and create resolve it, an unknown tag is exit 2 listing the tags',
  () =>
    withProject(async (project) => {
      const [, m2] = await copyOfThreeVersions(project);
      project.entity('user.ts', 'export interface User {\n  id: string;\n  name: string;\n  email?: string;\n  bio?: string;\n}\n');
      const written = expectSuccess(await project.gati('migrate:generate', 'add_bio', '--version', 'v2.0.0'));
      expect(written.stdout).toContain(`(version ${V2})`);
      const bio = project
        .migrationFile('add_bio')
        .replace(/^migrations[\\/]/, '')
        .replace(/\.ts$/, '');
      expect(project.read(`migrations/${bio}.ts`)).toContain(`version: '${V2}'`);
      expect(dbSchemaVersions(project)[V2]).toBe(bio);
      expect(bio > m2).toBe(true);

      const created = expectSuccess(await project.gati('migrate:create', 'fix_names', '--version', 'v1.0.0'));
      expect(created.stdout).toContain(`(version ${V1})`);

      const before = project.listFiles();
      const registryBefore = project.read(REGISTRY);
      const unknown = expectCleanFailure(await project.gati('migrate:generate', 'again', '--version', 'v9.9.9'), 2);
      expect(unknown).toContain('--version v9.9.9');
      expect(unknown).toContain('Known tags: stable, v1.0.0, v2.0.0, v3.0.0.');
      expect(project.listFiles()).toEqual(before);
      expect(project.read(REGISTRY)).toBe(registryBefore);
    }),
);
