/**
 * Where `gati` looks: `--config PATH` (paths in it relative to its folder), `DATABASE_URL` and `--url`
 * overriding the configured adapter and connection, a custom history `tableName`; and `--help`.
 */
import { expectSuccess, withProject } from './cli-harness';

const USER = 'export interface User {\n  id: string;\n  name: string;\n}\n';

it.concurrent(
  'config: --config picks a config in another folder; tableName names the history table; DATABASE_URL and --url override it',
  () =>
    withProject(async (project) => {
      // A config at the root that must NOT be used...
      project.write(
        'gati.config.ts',
        "import { defineConfig } from '@gati-framework/migrations';\nexport default defineConfig({ migrations: { directory: './wrong', entities: './nowhere/*.ts' } });\n",
      );
      // ...and the one --config names, in another folder, with paths relative to that folder.
      project.write(
        'db/gati.config.ts',
        [
          "import { defineConfig } from '@gati-framework/migrations';",
          '',
          'export default defineConfig({',
          '  migrations: {',
          "    directory: './migrations',",
          "    tableName: 'schema_history',",
          "    adapter: 'sqlite',",
          "    connection: { filename: './data/app.sqlite' },",
          "    entities: './model/**/*.ts',",
          '  },',
          '});',
          '',
        ].join('\n'),
      );
      project.write('db/model/user.ts', USER);

      const generated = expectSuccess(await project.gati('migrate:generate', 'create_users', '--config', 'db/gati.config.ts'));
      expect(generated.stdout).toMatch(/create table users/);
      expect(project.migrationFiles('db/migrations')).toEqual([expect.stringMatching(/^\d{14}_create_users\.ts$/)]);
      expect(project.exists('wrong')).toBe(false);
      expect(project.exists('migrations')).toBe(false);

      expectSuccess(await project.gati('migrate:up', '--config', 'db/gati.config.ts'));
      const appDb = 'db/data/app.sqlite';
      expect(project.tables(appDb)).toEqual(['schema_history', 'schema_history_history', 'users']);
      expect(project.history('schema_history', appDb)).toEqual([expect.stringMatching(/_create_users$/)]);
      expect(project.exists('.gati')).toBe(false);
      const { json: status } = await project.gatiJson('migrate:status', '--config', 'db/gati.config.ts');
      expect(status.migrations).toEqual([expect.objectContaining({ state: 'applied' })]);

      // DATABASE_URL overrides the configured connection: the file is created where the URL says (relative to
      // the working directory), with the configured history table name.
      const fromEnv = await project.gatiWith({ env: { DATABASE_URL: 'sqlite:./other.db' } }, 'migrate:up', '--config', 'db/gati.config.ts');
      expectSuccess(fromEnv);
      expect(project.tables('other.db')).toEqual(['schema_history', 'schema_history_history', 'users']);
      expect(project.history('schema_history', 'other.db')).toHaveLength(1);

      // --url wins over DATABASE_URL.
      const fromFlag = await project.gatiWith(
        { env: { DATABASE_URL: 'sqlite:./other.db' } },
        'migrate:status',
        '--check',
        '--config',
        'db/gati.config.ts',
        '--url',
        'sqlite:./third.db',
      );
      expect(fromFlag.status).toBe(1); // nothing applied in third.db
      expect(fromFlag.stdout).toMatch(/0 applied, 1 pending/);
      expect(project.exists('third.db')).toBe(false); // status does not create a database
    }),
);

const COMMANDS: Record<string, string[]> = {
  'migrate:generate': ['--version', '--dry-run', '--rename', '--backfill', '--allow-data-loss'],
  'migrate:up': ['--to', '--dry-run', '--[no-]codegen'],
  'migrate:down': ['--to', '--steps', '--all', '--dry-run', '--allow-data-loss'],
  'migrate:status': ['--check', '--drift'],
  'migrate:snapshot': ['MIGRATION'],
  'migrate:create': ['--version'],
  'migrate:repair': ['--forget-missing', '--applied', '--rolled-back'],
  'migrate:codegen': ['--check', '--out'],
};
const GLOBAL = ['--config', '--url', '--json', '--verbose'];

it.concurrent('help: lists every command, and each command lists the flags of the contract', () =>
  withProject(async (project) => {
    const root = expectSuccess(await project.gati('--help'));
    for (const command of Object.keys(COMMANDS)) expect(root.stdout).toContain(command);
    expect(root.stdout).toMatch(/exit codes/i);

    const helps = await Promise.all(Object.keys(COMMANDS).map((command) => project.gati(command, '--help')));
    Object.entries(COMMANDS).forEach(([command, flags], i) => {
      const help = expectSuccess(helps[i]!);
      expect(help.stdout).toContain(`gati ${command}`);
      for (const flag of [...flags, ...GLOBAL])
        expect({ command, flag, listed: help.stdout.includes(flag) }).toEqual({ command, flag, listed: true });
    });
    expect(helps[Object.keys(COMMANDS).indexOf('migrate:create')]!.stdout).toMatch(/NAME/);
  }),
);
