/**
 * A project outside this repository with the three packages installed from the tarballs `npm pack` makes of
 * them, as a user's project would have them from the registry. Everything runs as separate processes (npm, the
 * installed `gati`, node) with the environment of a user's shell: none of the variables npm or jest set.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The workspaces that are published, in the order `npm pack` reports them. */
export const PUBLISHED_WORKSPACES = ['packages/core', 'packages/adapters', 'packages/cli'] as const;

export interface ProcessResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One package as `npm pack --json` describes its tarball. */
export interface PackedPackage {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly string[];
}

/** npm's own settings a test may keep (where its cache is, which registry); every other `npm_*` variable goes. */
const KEPT_NPM_VARIABLES = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);

/** The environment of a user's shell: no variables of jest, of the `npm test` running us, or of the database. */
export function userEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !KEPT_NPM_VARIABLES.has(key.toLowerCase())) continue;
    if (['NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID', 'TS_JEST', 'INIT_CWD', 'DATABASE_URL', 'FORCE_COLOR'].includes(key)) continue;
    env[key] = value;
  }
  // The node running the tests comes first, so `#!/usr/bin/env node` finds the one better-sqlite3 was built for.
  env.PATH = [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

/** Runs a program to its end and collects its output. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Describes a result for assertion failure messages. */
export function show(command: string, result: ProcessResult): string {
  return `${command}: exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

function succeeded(command: string, result: ProcessResult): ProcessResult {
  if (result.status !== 0) throw new Error(show(command, result));
  return result;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * `npm pack` of the published workspaces into `destination`, their `prepack` scripts included (which build
 * them, a no-op after `npm run build`, and copy the templates and the oclif manifest into place).
 */
export async function packWorkspaces(destination: string): Promise<PackedPackage[]> {
  fs.mkdirSync(destination, { recursive: true });
  const args = ['pack', ...PUBLISHED_WORKSPACES.flatMap((w) => ['-w', w]), '--pack-destination', destination, '--json'];
  const result = succeeded('npm pack', await run(NPM, args, { cwd: REPO_ROOT, timeoutMs: 300_000 }));
  // The prepack scripts print to stdout too; npm's JSON is the array that starts on a line of its own.
  const json = result.stdout.slice(result.stdout.search(/^\[$/m));
  const packed = JSON.parse(json) as { name: string; filename: string; files: { path: string }[] }[];
  return packed.map(({ name, filename, files }) => ({ name, filename, files: files.map((f) => f.path).sort() }));
}

/** How the install gets better-sqlite3's binary: settings for npm's environment and the project's overrides. */
export interface NativeBuildShortcut {
  readonly env: Record<string, string>;
  readonly overrides: Record<string, string>;
}

/**
 * better-sqlite3 has no prebuilt binary it can download here, so installing it compiles SQLite from source
 * (1-2 minutes on two cores). This repository's node_modules holds that very build; handed over as a local
 * prebuild (prebuild-install's `<package>_local_prebuilds` setting), the install takes it as it would a
 * downloaded one, and the project pins better-sqlite3 to that version (npm `overrides`) so that a newer release
 * in the adapters' range does not miss it. Nothing is handed over when there is no build, or when
 * GATI_PACKAGING_FROM_SOURCE is set: then the install compiles, as it does for a user without a prebuilt binary.
 */
export function betterSqlite3Prebuild(workDir: string): NativeBuildShortcut {
  const none = { env: {}, overrides: {} };
  if (process.env.GATI_PACKAGING_FROM_SOURCE) return none;
  const installed = path.join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  const binary = path.join(installed, 'build', 'Release', 'better_sqlite3.node');
  const version = (JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string }).version;
  if (!fs.existsSync(binary)) return none;
  const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;
  const libc = process.platform === 'linux' && !glibc ? 'musl' : '';
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}${libc}-${process.arch}.tar.gz`;
  const stage = path.join(workDir, 'better-sqlite3-prebuild');
  fs.mkdirSync(path.join(stage, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(binary, path.join(stage, 'build', 'Release', 'better_sqlite3.node'));
  const prebuilds = path.join(workDir, 'prebuilds');
  fs.mkdirSync(prebuilds, { recursive: true });
  const tar = spawnSync('tar', ['-czf', path.join(prebuilds, name), '-C', stage, 'build'], { stdio: 'ignore' });
  if (tar.status !== 0) return none;
  return { env: { npm_config_better_sqlite3_local_prebuilds: prebuilds }, overrides: { 'better-sqlite3': version } };
}

/**
 * An empty project in `dir` (a package.json and nothing else) with the tarballs installed: `npm install` as a
 * user runs it, from npm's cache where it can (`--prefer-offline`), without audit or funding requests.
 */
export async function installTarballs(dir: string, tarballs: readonly string[], shortcut: NativeBuildShortcut): Promise<ProcessResult> {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'gati-packaging-check',
    version: '0.0.0',
    private: true,
    allowScripts: { 'better-sqlite3': true },
    overrides: shortcut.overrides,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs];
  return succeeded('npm install', await run(NPM, args, { cwd: dir, env: userEnv(shortcut.env), timeoutMs: 600_000 }));
}
