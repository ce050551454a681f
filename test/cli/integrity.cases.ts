/**
 * Trusting the history, through the built `gati` binary on SQLite: checksums (an applied file edited since is
 * `modified`, and up refuses until it is restored or repaired; reformatting is not an edit), missing files,
 * the append-only run history, migrations from parallel branches applied in version order, and a failed
 * migration fixed and run again.
 */
import fs from 'node:fs';
import { expectCleanFailure, expectSuccess, prettierFormat, projectTemplate, withProject } from './cli-harness';

const USERS = 'export interface User {\n  id: string;\n  name: string;\n}\n';
const USERS_EMAIL = 'export interface User {\n  id: string;\n  name: string;\n  email?: string;\n}\n';

/** Two migrations (create users; add users.email), generated and applied once for the file. */
const twoApplied = projectTemplate(async (project) => {
  project.entity('user.ts', USERS);
  expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', '2024-01-10T10:00:00Z'));
  project.entity('user.ts', USERS_EMAIL);
  expectSuccess(await project.gati('migrate:generate', 'add_email', '--version', '2024-01-20T10:00:00Z'));
  expectSuccess(await project.gati('migrate:up'));
});
afterAll(() => twoApplied.cleanup());

const states = (json: { migrations: { name: string; state: string }[] }) => json.migrations.map((m) => m.state);

it.concurrent('an applied migration edited afterwards is modified: status --check fails, up refuses, repair accepts it', () =>
  withProject(async (project) => {
    await twoApplied.copyInto(project);
    const file = project.migrationFile('add_email');
    const name = file.replace(/^migrations[\\/]|\.ts$/g, '');
    project.write(file, project.read(file).replace("addColumn('email'", "addColumn('e_mail'"));

    const { result: check, json } = await project.gatiJson('migrate:status', '--check');
    expect(check.status).toBe(1);
    expect(states(json)).toEqual(['applied', 'modified']);
    expect(json.migrations[1].checksum.accepted).toMatch(/^g1:[0-9a-f]{64}$/);
    expect(json.migrations[1].checksum.current).not.toBe(json.migrations[1].checksum.accepted);
    const table = expectSuccess(await project.gati('migrate:status'));
    expect(table.stdout).toMatch(new RegExp(`modified\\s.*${name}`));
    expect(table.stdout).toContain('accept the edit with gati migrate:repair');

    // A new migration waits: up runs nothing while the history cannot be trusted.
    project.entity('post.ts', 'export interface Post {\n  id: string;\n}\n');
    expectSuccess(await project.gati('migrate:generate', 'create_posts', '--version', '2024-01-30T10:00:00Z'));
    const refused = expectCleanFailure(await project.gati('migrate:up'), 1);
    expect(refused).toContain(name);
    expect(refused).toContain('migrate:repair');
    expect(project.tables()).not.toContain('posts');

    const repaired = expectSuccess(await project.gati('migrate:repair'));
    expect(repaired.stdout).toContain(`Accepted the edited ${name}`);
    expect(states((await project.gatiJson('migrate:status')).json)).toEqual(['applied', 'applied', 'pending']);
    expectSuccess(await project.gati('migrate:up'));
    expect(project.tables()).toContain('posts');
    const { json: after } = await project.gatiJson('migrate:status', '--check');
    expect(after.history.map((r: { name: string; direction: string }) => [r.name, r.direction])).toContainEqual([name, 'repair']);
    expect(expectSuccess(await project.gati('migrate:repair')).stdout).toContain('Nothing to repair');
  }),
);

it.concurrent('a cached checksum never hides an edit: the same size and a forged modification time are still modified', () =>
  withProject(async (project) => {
    await twoApplied.copyInto(project);
    const file = project.migrationFile('add_email');
    const mtime = new Date('2024-01-20T10:00:00Z');
    fs.utimesSync(project.path(file), mtime, mtime);
    // Files changed in the last 2 s are never cached: let them age, so that this status caches both.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(states((await project.gatiJson('migrate:status')).json)).toEqual(['applied', 'applied']);
    const cache = JSON.parse(project.read('.gati/cache/checksums.json')) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries)).toContain(project.path(file));
    expect(project.read('.gati/cache/.gitignore')).toContain('*');

    const before = fs.statSync(project.path(file));
    const edited = project.read(file).replace("addColumn('email'", "addColumn('Email'");
    expect(edited.length).toBe(before.size);
    project.write(file, edited);
    fs.utimesSync(project.path(file), mtime, mtime);
    expect(fs.statSync(project.path(file)).mtimeMs).toBe(before.mtimeMs);
    // …and let the edit age too: only its change time (which no user can set back) tells.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(states((await project.gatiJson('migrate:status')).json)).toEqual(['applied', 'modified']);
    expect(expectCleanFailure(await project.gati('migrate:up'), 1)).toContain('migrate:repair');
  }),
);

it.concurrent('formatting is not an edit: CRLF line endings, prettier with other options and comments keep the checksum', () =>
  withProject(async (project) => {
    await twoApplied.copyInto(project);
    const file = project.migrationFile('add_email');
    const original = project.read(file);
    const reformatted = await prettierFormat(original);
    const other = (await import('prettier')).format(original, {
      parser: 'typescript',
      singleQuote: false,
      semi: false,
      printWidth: 60,
      trailingComma: 'none',
      arrowParens: 'avoid',
    });
    for (const text of [original.replace(/\n/g, '\r\n'), reformatted, await other, `// reviewed by Ada\n${original}`]) {
      project.write(file, text);
      const { result, json } = await project.gatiJson('migrate:status', '--check');
      expect(states(json)).toEqual(['applied', 'applied']);
      expect(result.status).toBe(0);
    }
    // …while changing a string literal is one.
    project.write(file, original.replace("'email'", "'email2'"));
    expect(states((await project.gatiJson('migrate:status')).json)).toEqual(['applied', 'modified']);
  }),
);

it.concurrent('an applied migration whose file is gone is missing; up refuses; repair --forget-missing forgets it', () =>
  withProject(async (project) => {
    await twoApplied.copyInto(project);
    const file = project.migrationFile('add_email');
    const name = file.replace(/^migrations[\\/]|\.ts$/g, '');
    project.remove(file);
    const { result, json } = await project.gatiJson('migrate:status', '--check');
    expect(result.status).toBe(1);
    expect(states(json)).toEqual(['applied', 'missing']);
    const refused = expectCleanFailure(await project.gati('migrate:up'), 1);
    expect(refused).toContain(name);
    expect(refused).toContain('--forget-missing');
    expect(expectSuccess(await project.gati('migrate:repair', '--forget-missing')).stdout).toContain(`Forgot ${name}`);
    expect(project.history()).toEqual([expect.stringMatching(/_create_users$/)]);
    expectSuccess(await project.gati('migrate:status', '--check'));
  }),
);

it.concurrent('the run history records every run: direction, version, checksum, times, outcome, error, tool version', () =>
  withProject(async (project) => {
    await twoApplied.copyInto(project);
    expectSuccess(await project.gati('migrate:down'));
    expectSuccess(await project.gati('migrate:up'));
    const { json } = await project.gatiJson('migrate:status');
    const runs = json.history as Record<string, unknown>[];
    expect(runs.map((r) => [String(r.name).replace(/^\d{14}_/, ''), r.direction, r.outcome])).toEqual([
      ['create_users', 'up', 'success'],
      ['add_email', 'up', 'success'],
      ['add_email', 'down', 'success'],
      ['add_email', 'up', 'success'],
    ]);
    for (const run of runs) {
      expect(run).toEqual(
        expect.objectContaining({
          version: expect.stringMatching(/^2024-01-\d\dT10:00:00Z$/),
          checksum: expect.stringMatching(/^g1:[0-9a-f]{64}$/),
          startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          durationMs: expect.any(Number),
          error: null,
          toolVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
        }),
      );
    }
    const text = expectSuccess(await project.gati('migrate:status', '--history'));
    expect(text.stdout).toMatch(/Runs:\n\s*STARTED\s+MIGRATION\s+RUN\s+OUTCOME\s+TIME/);
    expect(text.stdout.match(/_add_email\s+(up|down)\s+success/g)).toHaveLength(3);
  }),
);

it.concurrent(
  'migrations from parallel branches: a pending one older than an applied one is applied, in version order, with a warning',
  () =>
    withProject(async (project) => {
      await twoApplied.copyInto(project);
      // Two branches each wrote a migration; one was merged and applied first, the other (older) arrives later.
      const later = project.migrationFile('add_email').replace(/\d{14}_add_email/, '29990101000000_branch_b');
      const earlier = project.migrationFile('add_email').replace(/\d{14}_add_email/, '29980101000000_branch_a');
      const body = (version: string, table: string) =>
        `import { defineMigration } from '@gati-framework/migrations';\nexport default defineMigration({\n  version: '${version}',\n  up: async (db) => { await db.schema.createTable('${table}').addColumn('id', 'integer').execute(); },\n  down: async (db) => { await db.schema.dropTable('${table}').execute(); },\n});\n`;
      project.write(later, body('2024-03-01T00:00:00Z', 'from_b'));
      expectSuccess(await project.gati('migrate:up'));
      project.write(earlier, body('2024-02-01T00:00:00Z', 'from_a'));
      const up = expectSuccess(await project.gati('migrate:up'));
      expect(up.stdout).toContain('Applied 29980101000000_branch_a');
      expect(up.stderr).toMatch(/Warning: 29980101000000_branch_a \(version 2024-02-01T00:00:00Z\) is older than 29990101000000_branch_b/);
      expect(project.tables()).toEqual(expect.arrayContaining(['from_a', 'from_b']));

      // Both pending at once: applied in version order, whatever their file names say.
      expectSuccess(await project.gati('migrate:down', '--steps', '2'));
      project.write(earlier, body('2024-04-01T00:00:00Z', 'from_a'));
      const both = expectSuccess(await project.gati('migrate:up'));
      expect(both.stdout.indexOf('branch_b')).toBeLessThan(both.stdout.indexOf('branch_a'));
    }),
);
