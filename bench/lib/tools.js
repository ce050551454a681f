// The commands under test, as a user's shell runs them: each tool's own bin script under node (what `npx gati`,
// `npx drizzle-kit` and `npx kysely` end up running, without npx's own start-up), and the database clients.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const GATI_BIN = path.join(ROOT, 'packages/cli/bin/run.js');

const gati = (...args) => ['node', GATI_BIN, ...args];
const drizzleKit = (...args) => ['node', path.join(ROOT, 'node_modules/drizzle-kit/bin.cjs'), ...args];
// kysely-ctl asks the npm registry for a newer version before it exits unless told not to: no network in a benchmark.
const kyselyCtl = (...args) => ['node', path.join(ROOT, 'node_modules/kysely-ctl/dist/bin.mjs'), ...args, '--no-outdated-check'];
const psql = (...args) => ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args];
const sqlite3 = (...args) => ['sqlite3', '-bail', ...args];

function installedVersion(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Whether a command is on the PATH (psql, sqlite3). */
function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function commandVersion(argv) {
  const result = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : undefined;
}

module.exports = { ROOT, GATI_BIN, gati, drizzleKit, kyselyCtl, psql, sqlite3, installedVersion, onPath, commandVersion };
