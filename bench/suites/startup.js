// Workload 4, CLI start-up: `gati --help` and `gati --version` against `node -e 0` (what any Node CLI pays
// before its first line of code), with the peers' own --help for context.
const { measure } = require('../lib/process-timer');
const { ROOT, gati, drizzleKit, kyselyCtl } = require('../lib/tools');

const CASES = [
  { workload: 'start-up: --help', tool: 'gati --help', ours: true, command: gati('--help') },
  { workload: 'start-up: --help', tool: 'drizzle-kit --help', command: drizzleKit('--help') },
  { workload: 'start-up: --help', tool: 'kysely-ctl --help', command: kyselyCtl('--help') },
  { workload: 'start-up: --help', tool: 'node -e 0 (floor)', command: ['node', '-e', '0'] },
  { workload: 'start-up: --version', tool: 'gati --version', ours: true, command: gati('--version') },
  { workload: 'start-up: --version', tool: 'node -e 0 (floor)', command: ['node', '-e', '0'] },
];

async function startupSuite({ runs, warmup }) {
  const results = [];
  for (const spec of CASES) {
    const result = await measure({ command: spec.command, cwd: ROOT, runs, warmup });
    results.push({ workload: spec.workload, tool: spec.tool, ours: spec.ours, ...result });
  }
  return results;
}

module.exports = { startupSuite };
