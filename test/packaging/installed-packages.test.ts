/**
 * The three packages as a user gets them from the registry: `npm pack` makes their tarballs, an empty project
 * outside this repository installs them, and the installed `gati` generates, applies, lists and rolls back a
 * migration there, on SQLite (the default) and on PostgreSQL (`--url`, a database of its own, dropped after).
 * Slow (a pack and an install), so it is one file; see the README's "Tests" for its time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createPostgresDatabase, serverAvailable } from '../support/test-databases';
import {
  REPO_ROOT,
  betterSqlite3Prebuild,
  installTarballs,
  packWorkspaces,
  run,
  show,
  userEnv,
  type PackedPackage,
  type ProcessResult,
} from './installed-project';

/** A `--require` hook that reports on stderr each heavy module or driver a command loads. */
const LOAD_REPORTER = `const Module = require('node:module');
const load = Module._load;
const watched = new Set(['typescript', 'prettier', 'kysely-codegen', 'better-sqlite3', 'pg', 'mysql2', 'mysql2/promise']);
Module._load = function (request, ...rest) {
  if (watched.has(request)) process.stderr.write('loaded ' + request + '\\n');
  return load.call(this, request, ...rest);
};
`;

const ENTITY = 'export interface User {\n  id: string;\n  name: string;\n  age: number;\n}\n';
const CONFIG = "import { defineConfig } from '@gati-framework/migrations';\n\nexport default defineConfig({\n  migrations: {},\n});\n";

let work: string;
let project: string;
let packed: PackedPackage[];

beforeAll(async () => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-packaging-')));
  if (!path.relative(REPO_ROOT, work).startsWith('..')) throw new Error(`${work} is inside the repository`);
  packed = await packWorkspaces(path.join(work, 'tarballs'));
  project = path.join(work, 'project');
  const tarballs = packed.map((p) => path.join(work, 'tarballs', p.filename));
  await installTarballs(project, tarballs, betterSqlite3Prebuild(work));
  fs.writeFileSync(path.join(work, 'load-reporter.js'), LOAD_REPORTER);
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Runs the installed `node_modules/.bin/gati` in `cwd`, stdin not a terminal, with the load reporter. */
function gati(cwd: string, ...args: string[]): Promise<ProcessResult> {
  const bin = path.join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'gati.cmd' : 'gati');
  return run(bin, args, { cwd, env: userEnv({ NODE_OPTIONS: `--require ${path.join(work, 'load-reporter.js')}` }) });
}

function ok(result: ProcessResult, what: string): ProcessResult {
  if (result.status !== 0) throw new Error(show(what, result));
  return result;
}

/** The modules the command loaded of those the reporter watches. */
function loaded(result: ProcessResult): string[] {
  return [...new Set(result.stderr.match(/^loaded \S+$/gm) ?? [])].map((line) => line.slice('loaded '.length)).sort();
}

/** Writes an entity file and a gati.config.ts (no adapter: SQLite by default) into `dir`. */
function writeApp(dir: string): void {
  fs.mkdirSync(path.join(dir, 'src', 'entities'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'entities', 'user.ts'), ENTITY);
  fs.writeFileSync(path.join(dir, 'gati.config.ts'), CONFIG);
}

/**
 * generate, up, status and down in `dir`, as a user types them, checking what they print and, through
 * `tables`, that `users` is there after up and gone after down. `driver` is the one module of the watched
 * ones that up, status and down may load.
 */
async function generateUpStatusDown(
  dir: string,
  options: { extraArgs: string[]; tables: () => Promise<string[]>; driver: string },
): Promise<string> {
  const generate = ok(await gati(dir, 'migrate:generate', 'create_users', ...options.extraArgs), 'generate');
  const written = /^Wrote (migrations[\\/](\d{14}_create_users)\.ts) \(version /m.exec(generate.stdout);
  expect(written).not.toBeNull();
  expect(generate.stdout).toContain('Review it, then run: gati migrate:up');
  const [, file, migration] = written!;
  expect(fs.readFileSync(path.join(dir, file!), 'utf8')).toContain("from '@gati-framework/migrations';");

  const up = ok(await gati(dir, 'migrate:up', ...options.extraArgs), 'up');
  expect(up.stdout).toMatch(new RegExp(`^Applied ${migration} \\(\\d+ ms\\)$`, 'm'));
  expect(await options.tables()).toContain('users');

  const status = ok(await gati(dir, 'migrate:status', ...options.extraArgs), 'status');
  expect(status.stdout).toMatch(new RegExp(`^applied +\\S+ +${migration} +\\S+$`, 'm'));
  expect(status.stdout).toMatch(/^1 applied, 0 pending$/m);

  const down = ok(await gati(dir, 'migrate:down', ...options.extraArgs), 'down');
  expect(down.stdout).toMatch(new RegExp(`^Rolled back ${migration} \\(\\d+ ms\\)$`, 'm'));
  expect(await options.tables()).not.toContain('users');

  // Start-up stays lean from an installed package too: no compiler, no prettier, only the database's driver.
  for (const [name, result] of [
    ['up', up],
    ['status', status],
    ['down', down],
  ] as const) {
    expect({ name, loaded: loaded(result) }).toEqual({ name, loaded: [options.driver] });
  }
  return file!;
}

describe('the packages installed from their tarballs in an empty project', () => {
  it('hold what runs (dist, templates, the oclif manifest) and nothing of the sources or tests', () => {
    const byName = Object.fromEntries(packed.map((p) => [p.name, p.files]));
    expect(Object.keys(byName).sort()).toEqual([
      '@gati-framework/cli',
      '@gati-framework/migrations',
      '@gati-framework/migrations-adapters',
    ]);
    expect(byName['@gati-framework/migrations']).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'templates/migration.ts',
        'templates/migration-steps.ts',
        'templates/empty-migration.ts',
      ]),
    );
    expect(byName['@gati-framework/migrations-adapters']).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/sqlite/index.js', 'dist/postgresql/index.js', 'dist/mysql/index.js']),
    );
    expect(byName['@gati-framework/cli']).toEqual(
      expect.arrayContaining(['bin/run.js', 'oclif.manifest.json', 'dist/commands/migrate/up.js']),
    );
    for (const files of Object.values(byName)) {
      const unexpected = files.filter(
        (f) => !/^(dist|bin|templates)\//.test(f) && !['package.json', 'oclif.manifest.json', 'README.md', 'LICENSE'].includes(f),
      );
      expect(unexpected).toEqual([]);
      expect(files.filter((f) => /\.test\.|\.map$|\.tsbuildinfo$/.test(f))).toEqual([]);
    }
    // One copy of the core, which the CLI, the adapters and the user's migrations all share; no cycle.
    const installed = (name: string): Record<string, Record<string, string> | undefined> =>
      JSON.parse(fs.readFileSync(path.join(project, 'node_modules', name, 'package.json'), 'utf8'));
    expect(Object.keys(installed('@gati-framework/migrations').dependencies ?? {})).not.toContain('@gati-framework/migrations-adapters');
    for (const dependent of ['@gati-framework/cli', '@gati-framework/migrations-adapters']) {
      expect(fs.existsSync(path.join(project, 'node_modules', dependent, 'node_modules', '@gati-framework'))).toBe(false);
    }
  });

  it('SQLite (the default): generate writes a migration that type-checks against the installed package; up, status and down run it', async () => {
    writeApp(project);
    const database = path.join(project, '.gati', 'dev.sqlite');
    const tables = async (): Promise<string[]> => {
      const db = new Database(database, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      } finally {
        db.close();
      }
    };
    await generateUpStatusDown(project, { extraArgs: [], tables, driver: 'better-sqlite3' });

    // The user's tsc (the one the project got with the packages) resolves the packages' exports and types: the
    // migration's import of the library, the adapters' root and subpaths that a custom adapter imports, and the
    // runtime helper's subpath.
    fs.writeFileSync(
      path.join(project, 'src', 'custom-adapter.ts'),
      [
        "import type { Adapter } from '@gati-framework/migrations';",
        "import { defineAdapter } from '@gati-framework/migrations-adapters';",
        "import { postgresqlAdapter, postgresqlTypeMapping } from '@gati-framework/migrations-adapters/postgresql';",
        "import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';",
        "import { versionedKysely } from '@gati-framework/migrations/runtime';",
        '',
        "export const custom: Adapter = defineAdapter({ ...sqliteAdapter, name: 'custom' });",
        'export const types = postgresqlTypeMapping;',
        "export const versioned = () => versionedKysely<{ users: { id: string } }>({ adapter: postgresqlAdapter, connection: { url: 'postgres://localhost/app' }, version: 'tsv:1707991200-users-001', mode: 'transaction' });",
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['migrations/*.ts', 'src/**/*.ts', 'gati.config.ts'],
      }),
    );
    const tsc = await run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: project,
    });
    expect(show('tsc', tsc)).toBe(show('tsc', { status: 0, stdout: '', stderr: '' }));
  });

  it('PostgreSQL (--url): generate, up, status and down against a database of its own', async () => {
    if (!(await serverAvailable('postgresql'))) return;
    const server = await createPostgresDatabase();
    try {
      const app = path.join(project, 'postgresql-app');
      writeApp(app);
      const tables = async (): Promise<string[]> => {
        const client = new Client({ connectionString: server.url });
        await client.connect();
        try {
          const result = await client.query<{ table_name: string }>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
          );
          return result.rows.map((r) => r.table_name);
        } finally {
          await client.end();
        }
      };
      const file = await generateUpStatusDown(app, { extraArgs: ['--url', server.url], tables, driver: 'pg' });
      expect(fs.readFileSync(path.join(app, file), 'utf8')).toMatch(/^\/\/ Dialect: postgresql$/m);
    } finally {
      await server.drop();
    }
  });

  it('a program that calls loadConfig() gets the installed adapter; without the adapters package, a clear error', async () => {
    const script = `require('@gati-framework/migrations').loadConfig().then(
      (config) => console.log('adapter: ' + config.adapter.name),
      (error) => { console.log(error.code + ': ' + error.message); process.exitCode = 1; },
    );`;
    const program = ok(await run(process.execPath, ['-e', script], { cwd: project }), 'loadConfig');
    expect(program.stdout.trim()).toBe('adapter: sqlite');

    const adapters = path.join(project, 'node_modules', '@gati-framework', 'migrations-adapters');
    const aside = path.join(work, 'migrations-adapters-aside');
    fs.renameSync(adapters, aside);
    try {
      const missing = await run(process.execPath, ['-e', script], { cwd: project });
      expect(missing.status).toBe(1);
      expect(missing.stdout.trim()).toBe(
        'CONFIG_INVALID: The sqlite adapter is in the package @gati-framework/migrations-adapters, which is not installed: run `npm install @gati-framework/migrations-adapters` in the project.',
      );
      const status = await gati(project, 'migrate:status');
      expect(status.status).toBe(1);
      expect(status.stderr.trim()).toBe(`Error: ${missing.stdout.trim().slice('CONFIG_INVALID: '.length)}`);
    } finally {
      fs.renameSync(aside, adapters);
    }
  });
});
