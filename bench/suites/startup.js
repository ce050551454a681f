// Workload 4, CLI start-up: `gati --help` and `gati --version` against `node -e 0` (what any Node CLI pays
// before its first line of code), with the peers' own --help for context.
const { measureSideBySide } = require('../lib/process-timer');
const { ROOT, gati, drizzleKit, kyselyCtl } = require('../lib/tools');

const FLOOR = { tool: 'node -e 0 (floor)', command: ['node', '-e', '0'] };

const WORKLOADS = [
  {
    workload: 'start-up: --help',
    cases: [
      { tool: 'gati --help', ours: true, command: gati('--help') },
      { tool: 'drizzle-kit --help', command: drizzleKit('--help') },
      { tool: 'kysely-ctl --help', command: kyselyCtl('--help') },
      FLOOR,
    ],
  },
  { workload: 'start-up: --version', cases: [{ tool: 'gati --version', ours: true, command: gati('--version') }, FLOOR] },
];

async function startupSuite({ runs, warmup }) {
  const results = [];
  for (const { workload, cases } of WORKLOADS) {
    const measured = await measureSideBySide(
      cases.map((c) => ({ command: c.command, cwd: ROOT })),
      { runs, warmup },
    );
    cases.forEach((c, k) => results.push({ workload, tool: c.tool, ours: c.ours, ...measured[k] }));
  }
  return results;
}

module.exports = { startupSuite };
