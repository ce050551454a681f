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
});
afterAll(() => threeApplied.cleanup());

/** A copy of the template; the names of its three migrations. */
async function threeVersions(project: Project): Promise<[string, string, string]> {
  await threeApplied.copyInto(project);
  const names = project.migrationFiles().map((f) => f.replace(/\.ts$/, ''));
  expect(names).toEqual([
    expect.stringMatching(/_create_users$/),
    expect.stringMatching(/_add_email$/),
    expect.stringMatching(/_create_posts$/),
  ]);
  return names as [string, string, string];
}

/** What the database says is applied: the history, and the schema that goes with it. */
function state(project: Project): { history: string[]; tables: string[]; email: boolean } {
  const tables = project.tables().filter((t) => !t.startsWith('gati_migrations'));
  const email = tables.includes('users') && project.columns('users').some((c) => c.name === 'email');
  return { history: project.history(), tables, email };
}

it.concurrent('migrate:down: rolls back one, N, all, or to a version or file, keeping the target applied', () =>
  withProject(async (project) => {
    const [m1, m2, m3] = await threeVersions(project);
    const all = { history: [m1, m2, m3], tables: ['posts', 'users'], email: true };
    const upTo2 = { history: [m1, m2], tables: ['users'], email: true };
    const only1 = { history: [m1], tables: ['users'], email: false };

    project.exec("INSERT INTO users (id, name, email) VALUES ('u1', 'Ada', 'ada@example.com')");
    expect(state(project)).toEqual(all);

    // --to a Timescape id: that version stays applied, the later one is rolled back.
    const { result: toV2, json: toV2Json } = await project.gatiJson('migrate:down', '--to', V2);
    expectSuccess(toV2);
    expect(toV2Json.rolledBack.map((r: { name: string }) => r.name)).toEqual([m3]);
    expect(state(project)).toEqual(upTo2);
    expect(project.query('SELECT id, email FROM users')).toEqual([{ id: 'u1', email: 'ada@example.com' }]);
    const { json: status } = await project.gatiJson('migrate:status');
    expect(status.migrations.map((m: { name: string; version: string; state: string }) => [m.name, m.version, m.state])).toEqual([
      [m1, V1, 'applied'],
      [m2, V2, 'applied'],
      [m3, V3, 'pending'],
    ]);

    // Default: one step.
    expectSuccess(await project.gati('migrate:up'));
    const one = expectSuccess(await project.gati('migrate:down'));
    expect(one.stdout).toContain(`Rolled back ${m3}`);
    expect(state(project)).toEqual(upTo2);

    // --to a migration file (path and extension accepted).
    expectSuccess(await project.gati('migrate:down', '--to', `migrations/${m1}.ts`));
    expect(state(project)).toEqual(only1);

    // migrate:up --to a version applies through it and stops.
    const { result: upTo, json: upToJson } = await project.gatiJson('migrate:up', '--to', V2);
    expectSuccess(upTo);
    expect(upToJson.applied.map((r: { name: string }) => r.name)).toEqual([m2]);
    expect(state(project)).toEqual(upTo2);

    // --steps 2.
    expectSuccess(await project.gati('migrate:up'));
    const two = expectSuccess(await project.gati('migrate:down', '--steps', '2'));
    expect(two.stdout).toContain(`Rolled back ${m3}`);
    expect(two.stdout).toContain(`Rolled back ${m2}`);
    expect(state(project)).toEqual(only1);

    // --to a timestamp resolves to the latest version at or before it: here the tsv id of that very second.
    expectSuccess(await project.gati('migrate:up'));
    expectSuccess(await project.gati('migrate:down', '--to', '2024-01-15T10:00:00Z'));
    expect(state(project)).toEqual(upTo2);
    // ...and one between two versions to the earlier one.
    expectSuccess(await project.gati('migrate:down', '--to', '2024-01-12T00:00:00Z'));
    expect(state(project)).toEqual(only1);

    // --all.
    const { result: allDown, json: allDownJson } = await project.gatiJson('migrate:down', '--all');
    expectSuccess(allDown);
    expect(allDownJson.rolledBack.map((r: { name: string }) => r.name)).toEqual([m1]);
    expect(state(project)).toEqual({ history: [], tables: [], email: false });

    // Nothing left: a default down says so; --to a version that is not applied is refused.
    const nothing = expectSuccess(await project.gati('migrate:down'));
    expect(nothing.stdout).toMatch(/nothing to roll back/i);
    const notApplied = expectCleanFailure(await project.gati('migrate:down', '--to', V2), 2);
    expect(notApplied).toContain(m2);
  }),
);

it.concurrent(
  'migrate:down: down --dry-run prints the down steps newest first and changes nothing; status shows a deleted file as missing',
  () =>
    withProject(async (project) => {
      const [m1, m2, m3] = await threeVersions(project);
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

      // An applied migration whose file was deleted shows as missing, and --check fails on it.
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
      const check = await project.gati('migrate:status', '--check');
      expect(check.status).toBe(1);
    }),
);

// The contract lists "modified since applied" among the states and --check fails on it. The history table
// is Kysely's (name, timestamp): no checksum is recorded, so an edited migration still reads as applied.
// Implementing it needs a checksum column (a design decision), so this documents the gap.
it.concurrent.failing('migrate:status: shows a migration edited after it was applied as modified, and --check fails on it', () =>
  withProject(async (project) => {
    expectSuccess(await project.gati('migrate:create', 'seed', '--version', V1));
    expectSuccess(await project.gati('migrate:up'));
    const file = project.migrationFile('seed');
    project.write(file, project.read(file).replace('// Undo it here, in reverse order.', '// Undo it here.\n    void db;'));
    const { result, json } = await project.gatiJson('migrate:status', '--check');
    expect(json.migrations).toEqual([expect.objectContaining({ state: 'modified' })]);
    expect(result.status).toBe(1);
  }),
);
