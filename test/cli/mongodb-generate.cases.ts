/**
 * `migrate:generate` and `migrate:create` on MongoDB: they need no server (the URL points nowhere), write the
 * migration and its snapshot, find nothing the second time, refuse an option that cannot change (exit 2).
 */
import { expectSuccess, withProject } from './cli-harness';

const NOWHERE = 'mongodb://127.0.0.1:1/app';
const USER = [
  'export interface User {',
  '  id: string;',
  '  /** @unique */',
  '  email: string;',
  '  age: string;',
  '  address: { street: string; zip?: string };',
  '}',
  '',
].join('\n');

it.concurrent('mongodb: generate writes a migration and its snapshot with no server; again finds nothing; --dry-run writes nothing', () =>
  withProject(async (project) => {
    project.entity('user.ts', USER);
    const first = expectSuccess(await project.gati('migrate:generate', '--url', NOWHERE));
    expect(first.stdout).toMatch(/\+ create collection users/);
    expect(first.stdout).toMatch(/\+ create index users\.email \(unique\)/);
    const [file] = project.migrationFiles();
    expect(file).toMatch(/^\d{14}_create_users\.ts$/);
    expect(project.listFiles()).toEqual([file, expect.stringMatching(/^meta\/\d{14}_\w+\.snapshot\.json$/)]);
    const code = project.read(`migrations/${file}`);
    expect(code).toContain("import { defineMongoMigration } from '@gati-framework/migrations-adapters/mongodb';");
    expect(code).toMatch(/await db\.createCollection\('users', \{\s+validator: \{\s+\$jsonSchema: \{/);
    expect(code).toContain("required: ['street']");

    const again = expectSuccess(await project.gatiWith({ env: { DATABASE_URL: NOWHERE } }, 'migrate:generate'));
    expect(again.stdout).toMatch(/No schema changes/);

    project.entity('user.ts', USER.replace('age: string', 'age: number'));
    const dry = expectSuccess(await project.gati('migrate:generate', '--url', NOWHERE, '--dry-run'));
    expect(dry.stdout).toMatch(/Dry run: would write/);
    expect(dry.stdout).toMatch(/\$convert: \{ input: '\$age', to: 'double', onError: '\$age', onNull: null \}/);
    expect(dry.stdout).toMatch(/\+ convert users\.age from string to number/);
    expect(dry.stdout).not.toMatch(/SQL of up/);
    expect(project.migrationFiles()).toEqual([file]);
  }),
);

it.concurrent(
  'mongodb: a collection option that cannot change exits 2 naming it, and writes nothing; migrate:create writes a typed empty file',
  () =>
    withProject(async (project) => {
      project.entity('user.ts', USER);
      expectSuccess(await project.gati('migrate:generate', '--url', NOWHERE));
      project.entity('user.ts', `/** @collation fr */\n${USER.replace('  age: string;\n', '')}`);
      const refused = await project.gati('migrate:generate', '--url', NOWHERE);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/the collection option collation cannot change once the collection exists \(none -> fr\)/);
      expect(project.migrationFiles()).toHaveLength(1);

      // A removed field loses its values: as on SQL, only with --allow-data-loss.
      project.entity('user.ts', USER.replace('  age: string;\n', ''));
      const loss = await project.gati('migrate:generate', '--url', NOWHERE);
      expect(loss.status).toBe(2);
      expect(loss.stderr).toMatch(/Removing field users\.age deletes its values.*--allow-data-loss/);
      const removed = expectSuccess(await project.gati('migrate:generate', '--url', NOWHERE, '--allow-data-loss'));
      expect(removed.stdout).toMatch(/\+ remove field users\.age/);
      expect(project.read(project.migrationFile('drop_age_from_users'))).toContain("{ $unset: { age: '' } }");

      const created = expectSuccess(await project.gati('migrate:create', 'backfill_names', '--url', NOWHERE));
      expect(created.stdout).toMatch(/Wrote migrations\/\d{14}_backfill_names\.ts/);
      const empty = project.read(project.migrationFile('backfill_names'));
      expect(empty).toMatch(/export default defineMongoMigration\(\{\n {2}version: '\d{4}-\d\d-\d\dT/);
    }),
);
