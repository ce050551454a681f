/**
 * MongoDB through the built `gati` binary, without a server (none exists on this project's machines or CI): a
 * URL where nothing listens fails fast and cleanly (CONNECTION_FAILED, exit 1, never the password), `--dry-run`
 * prints the driver commands of hand-written migration files, a SQL migration in a MongoDB project is refused.
 * The real-server scenarios are in test/mongodb/mongodb-server.test.ts.
 */
import { STACK_LINE, expectCleanFailure, expectSuccess, withProject, type Project } from './cli-harness';

/** A URL with a password, where nothing listens. */
const NOWHERE = 'mongodb://app:hunter2secret@127.0.0.1:1/app';

const CREATE_USERS = `import { defineMongoMigration } from '@gati-framework/migrations-adapters/mongodb';

export default defineMongoMigration({
  version: '2026-12-02T10:00:00Z',
  steps: [
    {
      name: 'create collection users',
      up: async (db, ctx) => {
        await db.createCollection('users', { validator: { $jsonSchema: { bsonType: 'object', required: ['_id', 'email'] } }, session: ctx.session });
        await db.collection('users').createIndex({ email: 1 }, { unique: true, session: ctx.session });
      },
      down: async (db, ctx) => {
        await db.collection('users').drop({ session: ctx.session });
      },
    },
  ],
});
`;

const CONVERT_AGE = `import { defineMongoMigration } from '@gati-framework/migrations-adapters/mongodb';

export default defineMongoMigration({
  version: '2026-12-03T10:00:00Z',
  steps: [
    {
      name: 'convert users.age from string to number',
      transaction: true,
      up: async (db, ctx) => {
        await ctx.updateInBatches('users', { age: { $type: 'string' } }, [{ $set: { age: { $convert: { input: '$age', to: 'double', onError: '$age', onNull: null } } } }]);
        await ctx.failIfAny('users', { age: { $type: 'string' } }, 'users.age holds values that are not numbers', ['age']);
      },
    },
  ],
});
`;

function mongoProject(project: Project): void {
  project.write('migrations/20261202100000_create_users.ts', CREATE_USERS);
  project.write('migrations/20261203100000_convert_age.ts', CONVERT_AGE);
}

function expectNoPassword(result: { stdout: string; stderr: string }): void {
  expect(`${result.stdout}${result.stderr}`).not.toContain('hunter2secret');
}

it.concurrent('MongoDB without a server: status and up fail fast with CONNECTION_FAILED, exit 1, never the password', () =>
  withProject(async (project) => {
    mongoProject(project);
    const started = Date.now();
    const [status, up, json] = await Promise.all([
      project.gati('migrate:status', '--url', NOWHERE),
      project.gati('migrate:up', '--url', NOWHERE),
      project.gatiJson('migrate:status', '--check', '--url', NOWHERE),
    ]);
    for (const result of [status, up]) {
      const message = expectCleanFailure(result, 1);
      expect(message).toContain('Cannot connect to mongodb 127.0.0.1:1/app');
      expectNoPassword(result);
    }
    expect(json.result.status).toBe(1);
    expect(json.json.error.code).toBe('CONNECTION_FAILED');
    expectNoPassword(json.result);
    // The driver's default (30 s to select a server) is cut short.
    expect(Date.now() - started).toBeLessThan(25_000);
  }),
);

it.concurrent('MongoDB without a server: up --dry-run prints the driver commands of each step, and says the history was not read', () =>
  withProject(async (project) => {
    mongoProject(project);
    const result = expectSuccess(await project.gati('migrate:up', '--dry-run', '--url', NOWHERE));
    expect(result.stdout).toContain(
      [
        '-- 20261202100000_create_users (up)',
        '// create collection users',
        'db.createCollection("users", { validator: { $jsonSchema: { bsonType: "object", required: ["_id", "email"] } } })',
        'db.users.createIndex({ email: 1 }, { unique: true })',
      ].join('\n'),
    );
    expect(result.stdout).toContain('-- 20261203100000_convert_age (up)\n// convert users.age from string to number\n');
    expect(result.stdout).toContain('db.users.countDocuments({ age: { $type: "string" } }) // must be 0, else the step fails');
    expect(result.stderr).toContain('every migration file is shown, as if none were applied');
    expectNoPassword(result);

    const through = expectSuccess(await project.gati('migrate:up', '--dry-run', '--to', '20261202100000_create_users', '--url', NOWHERE));
    expect(through.stdout).toContain('20261202100000_create_users');
    expect(through.stdout).not.toContain('20261203100000_convert_age');
  }),
);

it.concurrent('MongoDB: a SQL migration file in a MongoDB project is MIGRATION_INVALID; --drift is NOT_SUPPORTED', () =>
  withProject(async (project) => {
    project.write(
      'migrations/20261202100000_sql.ts',
      "import { defineMigration } from '@gati-framework/migrations';\n\nexport default defineMigration({\n  version: '2026-12-02T10:00:00Z',\n  up: async (db) => {\n    await db.schema.createTable('users').addColumn('id', 'text').execute();\n  },\n});\n",
    );
    // Without a server the dry run warns that it cannot read the history, then loads the file.
    const invalid = await project.gati('migrate:up', '--dry-run', '--url', NOWHERE);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(
      /^Error: 20261202100000_sql\.ts is a SQL migration \(defineMigration\), but this project's database is mongodb/m,
    );
    expect(invalid.stderr).not.toMatch(STACK_LINE);
    const { json } = await project.gatiJson('migrate:up', '--dry-run', '--url', NOWHERE);
    expect(json.error.code).toBe('MIGRATION_INVALID');

    const drift = expectCleanFailure(await project.gati('migrate:status', '--drift', '--url', NOWHERE), 2);
    expect(drift).toContain('--drift is not available on mongodb');
  }),
);
