/**
 * Rolling back through the built `gati` binary: one step, --steps N, --all, --to VERSION (a Timescape
 * downgrade: that version stays applied) and --to FILE; migrate:up --to; and migrate:status's `missing` state.
 */
import { type Project, expectCleanFailure, expectSuccess, projectTemplate, withProject } from './cli-harness';

/** Three versions, the second one a Timescape id. */
const V1 = '2024-01-10T10:00:00Z';
const V2 = 'tsv:1705312800-users-002'; // 2024-01-15T10:00:00Z
const V3 = '2024-01-20T10:00:00Z';

const USERS = 'export interface User {\n  id: string;\n  name: string;\n}\n';
const USERS_EMAIL = 'export interface User {\n  id: string;\n  name: string;\n  email?: string;\n}\n';
const POSTS = 'export interface Post {\n  id: string;\n  title: string;\n}\n';

/**
 * The three migrations (create users; add users.email; create posts), generated and applied once for the
 * file; each test starts from a copy.
 */
const threeApplied = projectTemplate(async (project) => {
  project.entity('user.ts', USERS);
  expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', V1));
  project.entity('user.ts', USERS_EMAIL);
  expectSuccess(await project.gati('migrate:generate', 'add_email', '--version', V2));
  project.entity('post.ts', POSTS);
  expectSuccess(await project.gati('migrate:generate', 'create_posts', '--version', V3));
  expectSuccess(await project.gati('migrate:up'));
  project.exec("INSERT INTO users (id, name, email) VALUES ('u1', 'Ada', 'ada@example.com')");
});
afterAll(() => threeApplied.cleanup());

/** A copy of the template: the names of its three migrations, and the states the database can be in. */
async function threeVersions(project: Project) {
  await threeApplied.copyInto(project);
  const names = project.migrationFiles().map((f) => f.replace(/\.ts$/, ''));
  expect(names).toEqual([
    expect.stringMatching(/_create_users$/),
    expect.stringMatching(/_add_email$/),
    expect.stringMatching(/_create_posts$/),
  ]);
  const [m1, m2, m3] = names as [string, string, string];
  const states = {
    all: { history: [m1, m2, m3], tables: ['posts', 'users'], email: true },
    upTo2: { history: [m1, m2], tables: ['users'], email: true },
    only1: { history: [m1], tables: ['users'], email: false },
    none: { history: [], tables: [], email: false },
  };
  expect(state(project)).toEqual(states.all);
  return { m1, m2, m3, ...states };
}

/** What the database says is applied: the history, and the schema that goes with it. */
function state(project: Project): { history: string[]; tables: string[]; email: boolean } {
  const tables = project.tables().filter((t) => !t.startsWith('gati_migrations'));
  const email = tables.includes('users') && project.columns('users').some((c) => c.name === 'email');
  return { history: project.history(), tables, email };
}

const names = (runs: readonly { name: string }[]): string[] => runs.map((r) => r.name);

it.concurrent('migrate:down: --to a Timescape id keeps that version applied; a plain down rolls back one', () =>
  withProject(async (project) => {
    const { m1, m2, m3, upTo2, only1 } = await threeVersions(project);

    const { result, json } = await project.gatiJson('migrate:down', '--to', V2);
    expectSuccess(result);
    expect(names(json.rolledBack)).toEqual([m3]);
    expect(state(project)).toEqual(upTo2);
    expect(project.query('SELECT id, email FROM users')).toEqual([{ id: 'u1', email: 'ada@example.com' }]);
    const { json: status } = await project.gatiJson('migrate:status');
    expect(status.migrations.map((m: { name: string; version: string; state: string }) => [m.name, m.version, m.state])).toEqual([
      [m1, V1, 'applied'],
      [m2, V2, 'applied'],
      [m3, V3, 'pending'],
    ]);

    const one = expectSuccess(await project.gati('migrate:down'));
    expect(one.stdout).toContain(`Rolled back ${m2}`);
    expect(one.stdout).not.toContain(m1);
    expect(state(project)).toEqual(only1);
  }),
);

it.concurrent('migrate:down: --to a migration file keeps it applied; migrate:up --to a version applies through it', () =>
  withProject(async (project) => {
    const { m1, m2, upTo2, only1 } = await threeVersions(project);
    expectSuccess(await project.gati('migrate:down', '--to', `migrations/${m1}.ts`));
    expect(state(project)).toEqual(only1);

    const { result, json } = await project.gatiJson('migrate:up', '--to', V2);
    expectSuccess(result);
    expect(names(json.applied)).toEqual([m2]);
    expect(state(project)).toEqual(upTo2);
  }),
);

it.concurrent('migrate:down: --steps 2 rolls back two, newest first', () =>
  withProject(async (project) => {
    const { m2, m3, only1 } = await threeVersions(project);
    const { result, json } = await project.gatiJson('migrate:down', '--steps', '2');
    expectSuccess(result);
    expect(names(json.rolledBack)).toEqual([m3, m2]);
    expect(state(project)).toEqual(only1);
  }),
);

it.concurrent('migrate:down: --to a timestamp keeps the latest version at or before it (a tsv id of that very second too)', () =>
  withProject(async (project) => {
    const { upTo2, only1 } = await threeVersions(project);
    // 2024-01-15T10:00:00Z is the second of tsv:1705312800-users-002.
    expectSuccess(await project.gati('migrate:down', '--to', '2024-01-15T10:00:00Z'));
    expect(state(project)).toEqual(upTo2);
    // Between the first and the second version: back to the first.
    expectSuccess(await project.gati('migrate:down', '--to', '2024-01-12T00:00:00Z'));
    expect(state(project)).toEqual(only1);
  }),
);

it.concurrent('migrate:down: --all rolls back everything; then there is nothing to roll back, and --to refuses', () =>
  withProject(async (project) => {
    const { m1, m2, m3, none } = await threeVersions(project);
    const { result, json } = await project.gatiJson('migrate:down', '--all');
    expectSuccess(result);
    expect(names(json.rolledBack)).toEqual([m3, m2, m1]);
    expect(state(project)).toEqual(none);

    const nothing = expectSuccess(await project.gati('migrate:down'));
    expect(nothing.stdout).toMatch(/nothing to roll back/i);
    const notApplied = expectCleanFailure(await project.gati('migrate:down', '--to', V2), 2);
    expect(notApplied).toContain(m2);
  }),
);

it.concurrent('migrate:down: --dry-run prints the down steps newest first and changes nothing; conflicting flags are refused', () =>
  withProject(async (project) => {
    const { m1, m2, m3 } = await threeVersions(project);
    const before = project.schema();

    const dry = expectSuccess(await project.gati('migrate:down', '--all', '--dry-run'));
    const at = [m3, m2, m1].map((m) => dry.stdout.indexOf(`-- ${m} (down)`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(dry.stdout).toMatch(/drop table "posts"/i);
    expect(dry.stdout).toMatch(/alter table "users" drop column "email"/i);
    expect(dry.stdout).toMatch(/drop table "users"/i);
    expect(project.schema()).toEqual(before);
    expect(project.history()).toEqual([m1, m2, m3]);

    const { result: dryJson, json } = await project.gatiJson('migrate:down', '--steps', '2', '--dry-run');
    expectSuccess(dryJson);
    expect(json.planned.map((p: { name: string }) => p.name)).toEqual([m3, m2]);
    expect(json.planned[0].sql[0].sql).toMatch(/drop table "posts"/i);
    expect(project.history()).toEqual([m1, m2, m3]);

    expectCleanFailure(await project.gati('migrate:down', '--all', '--steps', '2'), 2);
    expect(project.history()).toEqual([m1, m2, m3]);
  }),
);

it.concurrent('migrate:status: an applied migration whose file was deleted shows as missing, and --check fails on it', () =>
  withProject(async (project) => {
    const { m1, m2, m3 } = await threeVersions(project);
    expectSuccess(await project.gati('migrate:status', '--check'));
    project.remove(`migrations/${m3}.ts`);
    const { result: missing, json: missingJson } = await project.gatiJson('migrate:status', '--check');
    expect(missing.status).toBe(1);
    expect(missingJson.migrations.map((m: { name: string; state: string }) => [m.name, m.state])).toEqual([
      [m1, 'applied'],
      [m2, 'applied'],
      [m3, 'missing'],
    ]);
    const table = await project.gati('migrate:status');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`missing\\s.*${m3}`));
  }),
);
