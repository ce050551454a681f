/**
 * The harness of the CLI end-to-end tests: a throw-away project in a temp folder, the built `gati` binary run
 * in it as a user would (stdin not a terminal, no DATABASE_URL unless a test sets one), and its SQLite database
 * read with better-sqlite3. Nothing is mocked. `npm run build` must have run first (`npm test` does).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const GATI_BIN = path.join(REPO_ROOT, 'packages', 'cli', 'bin', 'run.js');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const CORE_TYPES = path.join(REPO_ROOT, 'packages', 'core', 'dist', 'index.d.ts');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

if (!fs.existsSync(path.join(REPO_ROOT, 'packages', 'cli', 'dist', 'commands', 'migrate', 'up.js'))) {
  throw new Error('The CLI is not built: run `npm run build` in the repository root first.');
}

function cleanEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.FORCE_COLOR;
  // jest sets NODE_ENV=test; with it oclif registers ts-node and runs the commands from packages/cli/src
  // instead of the built dist (and twice as slowly). A user's shell has no such variable.
  delete env.NODE_ENV;
  delete env.JEST_WORKER_ID;
  delete env.TS_JEST;
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * Runs `gati ARGS…` in `cwd`, stdin not a terminal (/dev/null). Asynchronous, so that tests can run side by
 * side (`it.concurrent`): each call is a node process of its own, ~0.2-0.8 s.
 */
export function runGati(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return runNode([GATI_BIN, ...args], cwd, options.env);
}

/**
 * Runs `gati ARGS…` and kills it with SIGKILL (as `kill -9` does) as soon as its stderr matches `at`: a process
 * that dies mid-way, for crash tests. Resolves with what it printed; fails if it ended before `at` was seen.
 */
export async function runGatiKilledAt(cwd: string, args: readonly string[], at: RegExp, options: RunOptions = {}): Promise<CliResult> {
  const running = spawnGati(cwd, args, options);
  let seen = '';
  running.child.stderr!.on('data', (chunk: string) => {
    seen += chunk;
    if (at.test(seen)) running.child.kill('SIGKILL');
  });
  const ended = await running.done;
  if (ended.signal !== 'SIGKILL') throw new Error(`gati ${args.join(' ')} ended before ${at}:\n${ended.stdout}\n${ended.stderr}`);
  return ended;
}

/** A `gati` process still running, for a test that kills it (`child.kill('SIGKILL')`) at a moment it picks. */
export interface RunningGati {
  readonly child: ReturnType<typeof spawn>;
  /** How it ended: `signal` is `SIGKILL` for a process killed so. */
  readonly done: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>;
}

export function spawnGati(cwd: string, args: readonly string[], options: RunOptions = {}): RunningGati {
  const child = spawn(process.execPath, [GATI_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(options.env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

function runNode(args: readonly string[], cwd: string, env?: Readonly<Record<string, string | undefined>>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(env), timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A row of a query result. */
export type Row = Record<string, unknown>;

/** A throw-away project: `src/entities/*.ts`, optionally `gati.config.ts`, and the default `./.gati/dev.sqlite`. */
export class Project {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-cli-')));
  }

  /** Copies this project (files and database) into `other`. */
  copyTo(other: Project): Project {
    fs.cpSync(this.dir, other.dir, { recursive: true });
    return other;
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  write(relative: string, text: string): void {
    fs.mkdirSync(path.dirname(this.path(relative)), { recursive: true });
    fs.writeFileSync(this.path(relative), text);
  }

  /** Writes `src/entities/<file>` (the default entity glob). */
  entity(file: string, text: string): void {
    this.write(path.join('src', 'entities', file), text);
  }

  read(relative: string): string {
    return fs.readFileSync(this.path(relative), 'utf8');
  }

  exists(relative: string): boolean {
    return fs.existsSync(this.path(relative));
  }

  remove(relative: string): void {
    fs.rmSync(this.path(relative), { recursive: true, force: true });
  }

  gati(...args: string[]): Promise<CliResult> {
    return runGati(this.dir, args);
  }

  gatiWith(options: RunOptions, ...args: string[]): Promise<CliResult> {
    return runGati(this.dir, args, options);
  }

  /** Runs a `--json` command and parses the whole of stdout as one JSON document. */
  async gatiJson<T = any>(...args: string[]): Promise<{ result: CliResult; json: T }> {
    const result = await runGati(this.dir, [...args, '--json']);
    let json: T;
    try {
      json = JSON.parse(result.stdout) as T;
    } catch (error) {
      throw new Error(`stdout of gati ${args.join(' ')} --json is not one JSON document:\n${result.stdout}\nstderr:\n${result.stderr}`, {
        cause: error,
      });
    }
    return { result, json };
  }

  /** Every file under `migrations/` (relative paths, sorted), `meta/` snapshots included. */
  listFiles(directory = 'migrations'): string[] {
    const root = this.path(directory);
    if (!fs.existsSync(root)) return [];
    const found: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else found.push(path.relative(root, full));
      }
    };
    walk(root);
    return found.sort();
  }

  /** The migration files (`migrations/*.ts`), file names only, in apply order. */
  migrationFiles(directory = 'migrations'): string[] {
    return this.listFiles(directory).filter((f) => !f.includes(path.sep) && f.endsWith('.ts'));
  }

  /** The migration file whose name ends with `_<slug>.ts`. */
  migrationFile(slug: string, directory = 'migrations'): string {
    const found = this.migrationFiles(directory).filter((f) => f.endsWith(`_${slug}.ts`));
    if (found.length !== 1) throw new Error(`expected one migration *_${slug}.ts, found ${JSON.stringify(this.migrationFiles(directory))}`);
    return path.join(directory, found[0]!);
  }

  /** Runs `work` on the SQLite database (read-only unless `writable`) and closes it. */
  withDb<T>(work: (db: Database.Database) => T, options: { file?: string; writable?: boolean } = {}): T {
    const file = this.path(options.file ?? '.gati/dev.sqlite');
    const db = new Database(file, { readonly: !options.writable, fileMustExist: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  query(sql: string, file?: string): Row[] {
    return this.withDb((db) => db.prepare(sql).all() as Row[], { file });
  }

  /** Runs statements that change data (seeding rows). */
  exec(sql: string, file?: string): void {
    this.withDb((db) => db.exec(sql), { file, writable: true });
  }

  /** Names of the tables in the database (SQLite's own left out). */
  tables(file?: string): string[] {
    if (!this.exists(file ?? '.gati/dev.sqlite')) return [];
    return this.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", file).map(
      (r) => r.name as string,
    );
  }

  /** `PRAGMA table_info`: name, type, notnull, dflt_value, pk of each column. */
  columns(table: string, file?: string): Row[] {
    return this.query(`PRAGMA table_info("${table}")`, file);
  }

  /** The names recorded in the history table, in apply order. */
  history(tableName = 'gati_migrations', file?: string): string[] {
    if (!this.tables(file).includes(tableName)) return [];
    return this.query(`SELECT name FROM "${tableName}" ORDER BY timestamp, name`, file).map((r) => r.name as string);
  }

  /**
   * The schema of the user's tables (history and lock tables left out): every CREATE statement of
   * sqlite_master plus each table's `PRAGMA table_info`.
   */
  schema(file?: string): { sql: Row[]; columns: Record<string, Row[]> } {
    const sql = this.query(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name NOT LIKE 'gati_migrations%' ORDER BY type, name",
      file,
    );
    const columns: Record<string, Row[]> = {};
    for (const row of sql) if (row.type === 'table') columns[row.name as string] = this.columns(row.name as string, file);
    return { sql, columns };
  }

  /**
   * `tsc --noEmit` over the project's migrations (and entities), with `@gati-framework/migrations` mapped to the
   * built declarations, strict.
   */
  typecheck(include: readonly string[] = ['migrations/**/*.ts', 'src/**/*.ts']): Promise<CliResult> {
    this.write(
      'tsconfig.json',
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'commonjs',
            moduleResolution: 'node10',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            esModuleInterop: true,
            types: [],
            paths: { '@gati-framework/migrations': [CORE_TYPES] },
          },
          include,
        },
        null,
        2,
      ),
    );
    return runNode([TSC, '--noEmit', '-p', this.path('tsconfig.json')], this.dir);
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs `work` with a fresh project and removes the project afterwards, whatever happens (hooks do not wrap
 * concurrent tests, so each test owns its projects this way).
 */
export async function withProject<T>(work: (project: Project, more: () => Project) => Promise<T>): Promise<T> {
  const made: Project[] = [new Project()];
  const more = (): Project => {
    const project = new Project();
    made.push(project);
    return project;
  };
  try {
    return await work(made[0]!, more);
  } finally {
    for (const project of made) project.cleanup();
  }
}

/**
 * A project built once (on first use) and copied, files and database, into each test that starts from it, so
 * that tests sharing a starting point do not each pay for its CLI calls. Call `cleanup` in `afterAll`.
 */
export function projectTemplate(build: (project: Project) => Promise<void>): {
  copyInto(project: Project): Promise<Project>;
  cleanup(): Promise<void>;
} {
  let template: Promise<Project> | undefined;
  return {
    async copyInto(project) {
      template ??= (async () => {
        const made = new Project();
        try {
          await build(made);
        } catch (error) {
          made.cleanup();
          throw error;
        }
        return made;
      })();
      return (await template).copyTo(project);
    },
    async cleanup() {
      await template?.then(
        (made) => made.cleanup(),
        () => undefined,
      );
    },
  };
}

/** A line of a stack trace (`    at fn (file:1:2)`). */
export const STACK_LINE = /^\s+at .+/m;

/** Describes a CLI result for assertion failure messages. */
export function show(result: CliResult): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/**
 * Asserts a failure as the contract describes it: the exit code, one paragraph on stderr starting with
 * `Error:`, no stack trace.
 */
export function expectCleanFailure(result: CliResult, exitCode: number): string {
  if (result.status !== exitCode) throw new Error(`expected exit ${exitCode}, got:\n${show(result)}`);
  const message = result.stderr.trim();
  expect(message).toMatch(/^Error: \S/);
  expect(message.split(/\n\s*\n/)).toHaveLength(1);
  expect(message).not.toMatch(STACK_LINE);
  return message;
}

/** Asserts exit 0, showing the output when it is not. */
export function expectSuccess(result: CliResult): CliResult {
  if (result.status !== 0) throw new Error(`expected exit 0, got:\n${show(result)}`);
  return result;
}

/** Formats TypeScript as the generator promises to (prettier, singleQuote, printWidth 100). */
export async function prettierFormat(code: string): Promise<string> {
  const prettier = (await import('prettier')) as typeof import('prettier');
  return prettier.format(code, { parser: 'typescript', singleQuote: true, printWidth: 100 });
}
