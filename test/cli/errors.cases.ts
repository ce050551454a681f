/**
 * Bad input through the built `gati` binary: the exit code the contract gives (1 failure, 2 usage error or
 * decision needed), one paragraph on stderr without a stack trace (unless --verbose), never a password, and
 * nothing half-written: no migration file and no snapshot when generate stops, no half-applied migration when
 * one throws.
 */
import { ERROR_CODES } from '../../packages/core/src/errors/error-codes';
import { STACK_LINE, expectCleanFailure, expectSuccess, projectTemplate, withProject } from './cli-harness';

const USER = 'export interface User {\n  id: string;\n  name: string;\n  age?: number;\n}\n';

/** `User` generated and applied, with two rows: built once, copied into each test that starts from it. */
const appliedUsers = projectTemplate(async (project) => {
  project.entity('user.ts', USER);
  expectSuccess(await project.gati('migrate:generate', 'create_users'));
  expectSuccess(await project.gati('migrate:up'));
  project.exec("INSERT INTO users (id, name, age) VALUES ('u1', 'Ada', 36), ('u2', 'Grace', 85)");
});
afterAll(() => appliedUsers.cleanup());

it.concurrent('bad entity types: a syntax error names the file and line; an unknown type names Type.prop; exit 1', () =>
  withProject(async (project) => {
    await appliedUsers.copyInto(project);
    const files = project.listFiles();

    project.entity('user.ts', 'export interface User {\n  id: string;\n  name: string;\n  age number;\n}\n');
    const syntax = expectCleanFailure(await project.gati('migrate:generate'), 1);
    expect(syntax).toMatch(/src[\\/]entities[\\/]user\.ts:4\b/);
    expect(project.listFiles()).toEqual(files);

    project.entity('user.ts', 'export interface User {\n  id: string;\n  name: string;\n  meta: unknown;\n}\n');
    const unknown = expectCleanFailure(await project.gati('migrate:generate', '--allow-data-loss'), 1);
    expect(unknown).toContain('User.meta');
    expect(unknown).toContain('unknown');
    expect(project.listFiles()).toEqual(files);

    // --json: one JSON document on stdout that carries the error; --verbose: the stack trace on stderr.
    const { result: verbose, json } = await project.gatiJson('migrate:generate', '--verbose');
    expect(verbose.status).toBe(1);
    expect(json.error.message).toContain('User.meta');
    expect(verbose.stderr).toContain('User.meta');
    expect(verbose.stderr).toMatch(STACK_LINE);
    expect(project.listFiles()).toEqual(files);
  }),
);

const USER_YEARS = 'export interface User {\n  id: string;\n  name: string;\n  years?: number;\n}\n';

it.concurrent('decisions without a terminal: a likely rename stops with exit 2; --rename renames the column and keeps the data', () =>
  withProject(async (project) => {
    await appliedUsers.copyInto(project);
    const files = project.listFiles();
    project.entity('user.ts', USER_YEARS);

    const undecided = expectCleanFailure(await project.gati('migrate:generate'), 2);
    expect(undecided).toMatch(/users\.age/);
    expect(undecided).toMatch(/years/);
    expect(undecided).toContain('--rename');
    expect(project.listFiles()).toEqual(files);
    const { result: undecidedJson, json } = await project.gatiJson('migrate:generate');
    expect(undecidedJson.status).toBe(2);
    expect(json.error.message).toContain('--rename');
    expect(project.listFiles()).toEqual(files);

    const renamed = expectSuccess(await project.gati('migrate:generate', '--rename', 'users.age=years'));
    expect(renamed.stdout).toMatch(/rename column users\.age to years/);
    const code = project.read(project.migrationFile('rename_users_age_to_years'));
    expect(code).toContain(".renameColumn('age', 'years')");
    expect(code).not.toContain('dropColumn');
    expectSuccess(await project.gati('migrate:up'));
    expect(project.query('SELECT id, name, years FROM users ORDER BY id')).toEqual([
      { id: 'u1', name: 'Ada', years: 36 },
      { id: 'u2', name: 'Grace', years: 85 },
    ]);
  }),
);

it.concurrent('decisions without a terminal: the same rename with --allow-data-loss drops age and adds years', () =>
  withProject(async (project) => {
    await appliedUsers.copyInto(project);
    project.entity('user.ts', USER_YEARS);
    const dropAdd = expectSuccess(await project.gati('migrate:generate', '--allow-data-loss'));
    expect(dropAdd.stdout).toMatch(/drop column users\.age/);
    expect(dropAdd.stdout).toMatch(/add column users\.years/);
    expect(project.migrationFiles()).toHaveLength(2);
    expectSuccess(await project.gati('migrate:up'));
    expect(project.query('SELECT id, years FROM users ORDER BY id')).toEqual([
      { id: 'u1', years: null },
      { id: 'u2', years: null },
    ]);
    expect(project.columns('users').map((c) => c.name)).toEqual(['id', 'name', 'years']);
  }),
);

it.concurrent(
  'decisions without a terminal: a new NOT NULL column exits 2 naming it and --backfill; with --backfill it fills the rows, and generate prints each step with its findings',
  () =>
    withProject(async (project) => {
      await appliedUsers.copyInto(project);
      const files = project.listFiles();
      project.entity(
        'user.ts',
        'export interface User {\n  id: string;\n  name: string;\n  age?: number;\n  /** @text */\n  nickname: string;\n}\n',
      );

      const undecided = expectCleanFailure(await project.gati('migrate:generate'), 2);
      expect(undecided).toContain('users.nickname is a new NOT NULL column without a default');
      expect(undecided).toContain(`--backfill "users.nickname='unknown'"`);
      expect(undecided).toContain('@default');
      expect(project.listFiles()).toEqual(files);

      const written = expectSuccess(await project.gati('migrate:generate', '--backfill', 'users.nickname=lower(name)'));
      expect(written.stdout).toContain('  + rebuild table users (nickname filled with lower(name))');
      expect(written.stdout).toContain('      ! table-rewrite: rebuilds users: copies every row into a new table and swaps it in');
      expect(written.stdout).toContain('      ! backfill: fills users.nickname with lower(name) in every row');
      expectSuccess(await project.gati('migrate:up'));
      expect(project.query('SELECT id, nickname FROM users ORDER BY id')).toEqual([
        { id: 'u1', nickname: 'ada' },
        { id: 'u2', nickname: 'grace' },
      ]);

      // Dropping it again: the down adds it back with a placeholder, which generate and the file call data loss.
      project.entity('user.ts', USER);
      const dropped = expectSuccess(await project.gati('migrate:generate', '--allow-data-loss'));
      expect(dropped.stdout).toMatch(/Down:\n {2}- rebuild table users \(nickname filled with ''\)\n/);
      expect(dropped.stdout).toContain("! data-loss: The down adds column users.nickname back, filled with '' as a placeholder");
      expect(dropped.stdout).toContain('gati migrate:down refuses it without --allow-data-loss');
      expectSuccess(await project.gati('migrate:up'));
      expectCleanFailure(await project.gati('migrate:down'), 2);
      expectSuccess(await project.gati('migrate:down', '--allow-data-loss'));
      expect(project.query('SELECT id, nickname FROM users ORDER BY id')).toEqual([
        { id: 'u1', nickname: '' },
        { id: 'u2', nickname: '' },
      ]);
    }),
);

it.concurrent(
  '--backfill is checked at generate: an unquoted text value, a lone word, a column that needs none: exit 2, nothing written',
  () =>
    withProject(async (project) => {
      await appliedUsers.copyInto(project);
      const files = project.listFiles();
      project.entity(
        'user.ts',
        'export interface User {\n  id: string;\n  name: string;\n  age?: number;\n  /** @text */\n  nickname: string;\n}\n',
      );
      // Checked at generate, not at up: an unquoted text value (what a shell leaves of users.nickname='x@y.z', or
      // of users.nickname='anon'), or a backfill of a column that needs none, is exit 2 and writes nothing.
      const email = expectCleanFailure(await project.gati('migrate:generate', '--backfill', 'users.nickname=billing@example.com'), 2);
      expect(email).toContain('billing@example.com is not a SQL expression ("@" (at 8) is not SQL)');
      expect(email).toContain(`--backfill "users.nickname='billing@example.com'"`);
      const word = expectCleanFailure(await project.gati('migrate:generate', '--backfill', 'users.nickname=anon', '--json'), 2);
      expect(word).toContain('anon is no column of users');
      const stale = expectCleanFailure(
        await project.gati('migrate:generate', '--backfill', 'users.nickname=lower(name)', '--backfill', 'users.name=0'),
        2,
      );
      expect(stale).toContain('--backfill users.name: no column of that name becomes NOT NULL');
      expect(project.listFiles()).toEqual(files);
    }),
);

it.concurrent('decisions without a terminal: dropping a column exits 2 and writes nothing; --allow-data-loss writes it', () =>
  withProject(async (project) => {
    await appliedUsers.copyInto(project);
    project.entity('user.ts', 'export interface User {\n  id: string;\n  name: string;\n}\n');
    const before = project.listFiles();
    const drop = expectCleanFailure(await project.gati('migrate:generate'), 2);
    expect(drop).toContain('users.age');
    expect(drop).toContain('--allow-data-loss');
    expect(project.listFiles()).toEqual(before);

    expectSuccess(await project.gati('migrate:generate', '--allow-data-loss'));
    expect(project.listFiles().filter((f) => !before.includes(f))).toHaveLength(2);
    expect(project.read(project.migrationFile('drop_age_from_users'))).toContain(".dropColumn('age')");
    expectSuccess(await project.gati('migrate:up'));
    expect(project.columns('users').map((c) => c.name)).toEqual(['id', 'name']);
    expect(project.query('SELECT id, name FROM users ORDER BY id')).toEqual([
      { id: 'u1', name: 'Ada' },
      { id: 'u2', name: 'Grace' },
    ]);
  }),
);

it.concurrent(
  'a migration that throws: rolls the failing migration back, records nothing for it, names it and the cause; fixed, it applies',
  () =>
    withProject(async (project) => {
      expectSuccess(await project.gati('migrate:create', 'gadgets', '--version', '2024-01-15T10:00:00Z'));
      expectSuccess(await project.gati('migrate:create', 'widgets', '--version', '2024-01-16T10:00:00Z'));
      const good = project.migrationFile('gadgets');
      const bad = project.migrationFile('widgets');
      const goodName = good.replace(/^migrations[\\/]|\.ts$/g, '');
      const badName = bad.replace(/^migrations[\\/]|\.ts$/g, '');
      project.write(
        good,
        project
          .read(good)
          .replace(
            /up: async \(db: Kysely<any>\) => \{/,
            "$&\n    await db.schema.createTable('gadgets').addColumn('id', 'integer', (col) => col.primaryKey()).execute();",
          ),
      );
      const withThrow = project
        .read(bad)
        .replace(
          /up: async \(db: Kysely<any>\) => \{/,
          "$&\n    await db.schema.createTable('widgets').addColumn('id', 'integer', (col) => col.primaryKey()).execute();\n    await db.insertInto('widgets').values({ id: 1 }).execute();\n    throw new Error('the widget supplier is out of stock');",
        );
      expect(withThrow).toContain('out of stock');
      project.write(bad, withThrow);

      const failed = expectCleanFailure(await project.gati('migrate:up'), 1);
      expect(failed).toContain(badName);
      expect(failed).toContain('the widget supplier is out of stock');
      expect(project.tables()).toContain('gadgets');
      expect(project.tables()).not.toContain('widgets');
      expect(project.history()).toEqual([goodName]);
      const { result: check, json: status } = await project.gatiJson('migrate:status', '--check');
      expect(check.status).toBe(1);
      expect(status.migrations.map((m: { name: string; state: string }) => [m.name, m.state])).toEqual([
        [goodName, 'applied'],
        [badName, 'failed'],
      ]);
      // What failed, how, and that nothing of it stayed (SQLite rolled it back).
      expect(status.migrations[1].failure).toEqual(
        expect.objectContaining({ direction: 'up', stepsApplied: 0, error: expect.stringContaining('out of stock') }),
      );
      const table = await project.gati('migrate:status');
      expect(table.stdout).toMatch(new RegExp(`failed\\s.*${badName}`));
      expect(table.stdout).toContain(`${badName}: up failed`);
      expect(table.stdout).toContain('Nothing of it is in effect');

      project.write(bad, withThrow.replace("    throw new Error('the widget supplier is out of stock');\n", ''));
      const fixed = expectSuccess(await project.gati('migrate:up'));
      expect(fixed.stdout).toContain(`Applied ${badName}`);
      expect(project.query('SELECT id FROM widgets')).toEqual([{ id: 1 }]);
      expect(project.history()).toEqual([goodName, badName]);
      expectSuccess(await project.gati('migrate:status', '--check'));
    }),
);

const secretUrl = 'postgres://bob:s3cret@127.0.0.1:1/nope';

it.concurrent('wrong database URL: fails with exit 1 and never prints the password; an unknown scheme is a clear usage error', () =>
  withProject(async (project) => {
    project.entity('user.ts', USER);
    // Independent calls that write nothing: run side by side.
    const [status, up, fromEnv, { result: json, json: doc }, leading, nonsense] = await Promise.all([
      project.gati('migrate:status', '--url', secretUrl),
      project.gati('migrate:up', '--url', secretUrl),
      project.gatiWith({ env: { DATABASE_URL: secretUrl } }, 'migrate:status'),
      project.gatiJson('migrate:status', '--url', secretUrl),
      project.gati('--url', secretUrl, 'migrate:status'),
      project.gati('migrate:status', '--url', 'nonsense://x'),
    ]);
    for (const result of [status, up, fromEnv]) {
      expect(expectCleanFailure(result, 1)).toMatch(/postgres/i);
      expect(result.stdout + result.stderr).not.toContain('s3cret');
    }

    expect(json.status).toBe(1);
    expect(doc.error.message).toMatch(/postgres/i);
    expect(json.stdout + json.stderr).not.toContain('s3cret');

    // The global flag before the command is not how oclif reads it, but even then the password stays hidden.
    expect(leading.status).not.toBe(0);
    expect(leading.stdout + leading.stderr).not.toContain('s3cret');

    expect(nonsense.status).not.toBe(0);
    const nonsenseMessage = expectCleanFailure(nonsense, nonsense.status!);
    expect(nonsenseMessage).toContain('nonsense://x');
    expect(nonsenseMessage).toMatch(/postgres:\/\/.*sqlite:/);

    expect(project.exists('.gati')).toBe(false);
    expect(project.exists('migrations')).toBe(false);
  }),
);

it.concurrent('usage errors: unknown flags, missing arguments, bad versions and bad --rename values exit 2 and write nothing', () =>
  withProject(async (project) => {
    project.entity('user.ts', USER);
    const cases: { args: string[]; says: RegExp }[] = [
      { args: ['migrate:status', '--bogus'], says: /--bogus/ },
      { args: ['migrate:create'], says: /name/i },
      { args: ['migrate:create', 'x', '--version', 'yesterday'], says: /yesterday/ },
      { args: ['migrate:generate', '--rename', 'users.age'], says: /users\.age/ },
      { args: ['migrate:generate', '--rename', 'users.nope=years'], says: /users\.nope/ },
      { args: ['migrate:down', '--steps', '0'], says: /steps/ },
      { args: ['migrate:up', '--to', 'not-a-version'], says: /not-a-version/ },
      { args: ['migrate:status', '--config', 'missing.config.ts'], says: /missing\.config\.ts/ },
    ];
    const results = await Promise.all(cases.map(({ args }) => project.gati(...args)));
    results.forEach((result, i) => {
      const { args, says } = cases[i]!;
      try {
        expect(expectCleanFailure(result, 2)).toMatch(says);
      } catch (error) {
        throw new Error(`gati ${args.join(' ')}: ${(error as Error).message}`, { cause: error });
      }
    });
    // An unknown command is oclif's own message (`›   Error: command … not found`), still exit 2.
    const unknown = await project.gati('migrate:sideways');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('migrate:sideways');
    expect(unknown.stderr).not.toMatch(STACK_LINE);
    expect(project.exists('migrations')).toBe(false);
    expect(project.exists('.gati')).toBe(false);
  }),
);

it.concurrent('error codes: --json names the code of the list, and the exit code is the one the list gives it', () =>
  withProject(async (project) => {
    const cases: [string[], keyof typeof ERROR_CODES][] = [
      [['migrate:status', '--bogus'], 'USAGE'], // an oclif parse error
      [['migrate:status', '--config', 'nope.ts'], 'CONFIG_FILE_MISSING'],
      [['migrate:status', '--url', 'foo://db'], 'URL_SCHEME_UNKNOWN'],
      [['migrate:down', '--to', 'nowhere'], 'USAGE'],
    ];
    for (const [args, code] of cases) {
      const { result, json } = await project.gatiJson(...args);
      expect({ args, status: result.status, code: json.error.code }).toEqual({ args, status: ERROR_CODES[code].exitCode, code });
      expect(result.stderr).toContain(json.error.message);
    }
  }),
);
