/**
 * The application's Kysely types through the CLI: `migrate:up` refreshes `migrations.codegen.outFile` with
 * kysely-codegen after it applied something, `migrate:codegen` writes it on demand, `migrate:codegen --check`
 * exits 1 when it is stale and 0 when it matches; and the file it wrote, read as the schema source, generates
 * nothing new.
 */
import { createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../support/test-databases';
import { expectCleanFailure, expectSuccess, withProject } from './cli-harness';

const CONFIG = [
  "import { defineConfig } from '@gati-framework/migrations';",
  "export default defineConfig({ migrations: { codegen: { outFile: './src/db/types.ts' } } });",
  '',
].join('\n');

/** The same project, reading the Kysely types it wrote as its schema source. */
const FROM_TYPES_CONFIG = [
  "import { defineConfig } from '@gati-framework/migrations';",
  "export default defineConfig({ migrations: { entities: './src/db/types.ts' } });",
  '',
].join('\n');

const USER_V1 =
  'export interface User {\n  /** @generated */\n  id: number;\n  /** @maxLength 80 */\n  name: string;\n  /** @default true */\n  active: boolean;\n}\n';
const USER_V2 = USER_V1.replace('}\n', '  email?: string;\n}\n');

it.concurrent(
  'codegen: up refreshes the Kysely types; --check exits 1 when they are stale and 0 when fresh; they generate nothing new',
  () =>
    withProject(async (project) => {
      project.write('gati.config.ts', CONFIG);
      project.entity('user.ts', USER_V1);
      expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));

      // No database yet: nothing to check against.
      expect(expectCleanFailure(await project.gati('migrate:codegen', '--check'), 1)).toMatch(/does not exist yet.*migrate:up/);

      const up = expectSuccess(await project.gati('migrate:up'));
      expect(up.stdout).toMatch(/^Applied \d{14}_create_users/m);
      expect(up.stdout).toMatch(/^Wrote src[\\/]db[\\/]types\.ts \(1 table\) with kysely-codegen$/m);
      const types = project.read('src/db/types.ts');
      expect(types).toMatch(/^export interface DB \{\n {2}users: Users;\n\}$/m);
      expect(types).toMatch(/^ {2}id: Generated<number>;$/m);
      expect(types).not.toMatch(/gati_migrations/);
      expect(expectSuccess(await project.gati('migrate:codegen', '--check')).stdout).toMatch(/types\.ts matches the database \(1 table\)/);

      // A migration applied without the refresh leaves the file stale.
      project.entity('user.ts', USER_V2);
      expectSuccess(await project.gati('migrate:generate', 'add_email', '--version', '2024-01-16T10:00:00Z'));
      const quiet = expectSuccess(await project.gati('migrate:up', '--no-codegen'));
      expect(quiet.stdout).not.toMatch(/types\.ts/);
      expect(project.read('src/db/types.ts')).toBe(types);
      const stale = expectCleanFailure(await project.gati('migrate:codegen', '--check'), 1);
      expect(stale).toMatch(
        /^Error: src[\\/]db[\\/]types\.ts is out of date with the database \(sqlite .*\): the first difference is at line \d+ .*Run gati migrate:codegen to refresh it\.$/,
      );
      const { result: staleJson, json } = await project.gatiJson('migrate:codegen', '--check');
      expect(staleJson.status).toBe(1);
      expect(json.error.code).toBe('KYSELY_TYPES_STALE');

      expect(expectSuccess(await project.gati('migrate:codegen')).stdout).toMatch(/^Wrote src[\\/]db[\\/]types\.ts \(1 table\)/m);
      expect(project.read('src/db/types.ts')).toMatch(/^ {2}email: string \| null;$/m);
      expectSuccess(await project.gati('migrate:codegen', '--check'));

      // Nothing applied: no refresh, unless asked for; asked for, the file is already up to date.
      expect(expectSuccess(await project.gati('migrate:up')).stdout).toBe('Nothing to apply: the database is up to date.\n');
      const { json: forced } = await project.gatiJson('migrate:up', '--codegen');
      expect(forced.kyselyTypes).toMatchObject({ status: 'unchanged', tables: 1 });

      // The file kysely-codegen wrote, as the schema source: the same schema as the entity types' snapshot.
      project.write('from-types.config.ts', FROM_TYPES_CONFIG);
      const again = expectSuccess(await project.gati('migrate:generate', '--config', 'from-types.config.ts'));
      expect(again.stdout).toMatch(/^No schema changes/);
    }),
);

it.concurrent('codegen: --out writes another file; without migrations.codegen or --out it says what to set (exit 2)', () =>
  withProject(async (project) => {
    project.entity('user.ts', USER_V1);
    expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));
    const up = expectSuccess(await project.gati('migrate:up'));
    expect(up.stdout).not.toMatch(/kysely-codegen/);

    expect(expectCleanFailure(await project.gati('migrate:codegen'), 2)).toMatch(/set migrations\.codegen\.outFile in gati\.config\.ts/);
    expect(expectSuccess(await project.gati('migrate:codegen', '--out', 'types/db.ts')).stdout).toMatch(
      /^Wrote types[\\/]db\.ts \(1 table\)/m,
    );
    expect(project.read('types/db.ts')).toMatch(/^export interface DB \{$/m);
    expectSuccess(await project.gati('migrate:codegen', '--out', 'types/db.ts', '--check'));
  }),
);

/** A `--require` hook that reports on stderr when the compiler, prettier or kysely-codegen is loaded. */
const LOAD_REPORTER = [
  "const Module = require('node:module');",
  'const load = Module._load;',
  "const watched = new Set(['typescript', 'prettier', 'kysely-codegen']);",
  'Module._load = function (request, ...rest) {',
  '  if (watched.has(request)) process.stderr.write(`loaded ${request}\\n`);',
  '  return load.call(this, request, ...rest);',
  '};',
  '',
].join('\n');

it.concurrent(
  'codegen: status (with --drift too), an up that applies nothing, and down never load kysely-codegen, the compiler or prettier',
  () =>
    withProject(async (project) => {
      project.write('gati.config.ts', CONFIG);
      project.write('load-reporter.js', LOAD_REPORTER);
      project.entity('user.ts', USER_V1);
      expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));
      const traced = { env: { NODE_OPTIONS: `--require ${project.path('load-reporter.js')}` } };
      const up = expectSuccess(await project.gatiWith(traced, 'migrate:up'));
      expect(up.stderr).toContain('loaded kysely-codegen'); // the hook works: this up refreshed the types
      for (const args of [
        ['migrate:status'],
        ['migrate:status', '--drift'],
        ['migrate:up'],
        ['migrate:down', '--dry-run'],
        ['migrate:down'],
      ]) {
        const run = expectSuccess(await project.gatiWith(traced, ...args));
        expect({ args, stderr: run.stderr }).toEqual({ args, stderr: '' });
      }
    }),
);

for (const server of [
  { kind: 'postgresql' as const, create: createPostgresDatabase, idType: 'Generated<number>' },
  { kind: 'mysql' as const, create: createMysqlDatabase, idType: 'Generated<number>' },
]) {
  it.concurrent(`codegen on ${server.kind}: up writes the Kysely types of the server's database, and --check agrees`, async () => {
    if (!(await serverAvailable(server.kind))) return;
    const database = await server.create();
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        project.write('gati.config.ts', CONFIG);
        project.entity('user.ts', USER_V1);
        expectSuccess(await project.gatiWith(env, 'migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));
        expect(expectSuccess(await project.gatiWith(env, 'migrate:up')).stdout).toMatch(/^Wrote src[\\/]db[\\/]types\.ts \(1 table\)/m);
        expect(project.read('src/db/types.ts')).toContain(`  id: ${server.idType};`);
        expectSuccess(await project.gatiWith(env, 'migrate:codegen', '--check'));
        project.write('from-types.config.ts', FROM_TYPES_CONFIG);
        expect(expectSuccess(await project.gatiWith(env, 'migrate:generate', '--config', 'from-types.config.ts')).stdout).toMatch(
          /^No schema changes/,
        );
      });
    } finally {
      await database.drop();
    }
  });
}
