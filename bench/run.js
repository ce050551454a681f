#!/usr/bin/env node
// `npm run bench`: gati-migrations side by side with drizzle-kit, kysely-ctl and the plain database clients, in
// one run on one machine, each measurement a whole CLI process. Prints the medians, peak memory, ours/theirs
// ratios and the targets. Options:
//   --runs N        timed runs per case (default: 10; warm-up runs come on top)
//   --warmup N      untimed runs before them (default: 2)
//   --only a,b      suites to run: generate, up, status, startup, scale (default: all)
//   --scale-runs N  timed runs of the scale suite (2,000 migrations; default: 5, after 1 warm-up run)
//   --sizes a,b     schema sizes for generate (default: 100,500)
//   --dialects a,b  databases for up and status: postgresql, sqlite (default: both)
//   --quick         --runs 3 --warmup 1, and generate for 100 tables only
// Environment: GATI_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) is the server on which each
// run gets a fresh database; without a server the PostgreSQL cases are skipped with a line saying so.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { hasGnuTime, loadSamples, median } = require('./lib/process-timer');
const pgServer = require('./lib/postgres-server');
const { formatTable, ms, mb, ratio } = require('./lib/table-printer');
const { machine, versions } = require('./lib/machine');
const { checkTargets } = require('./lib/targets');
const { onPath } = require('./lib/tools');
const { generateSuite } = require('./suites/generate');
const { upSuite } = require('./suites/up');
const { statusSuite } = require('./suites/status');
const { startupSuite } = require('./suites/startup');
const { scaleSuite } = require('./suites/scale');
const { writeChart } = require('./chart');

const WORK_DIR = path.join(__dirname, '.work');

function parseArgs(argv) {
  const options = { runs: 10, warmup: 2, scaleRuns: 5, only: ['generate', 'up', 'status', 'startup', 'scale'], sizes: [100, 500] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--warmup') options.warmup = Number(argv[++i]);
    else if (arg === '--only') options.only = argv[++i].split(',');
    else if (arg === '--scale-runs') options.scaleRuns = Number(argv[++i]);
    else if (arg === '--sizes') options.sizes = argv[++i].split(',').map(Number);
    else if (arg === '--dialects') options.dialects = argv[++i].split(',');
    else if (arg === '--quick') Object.assign(options, { runs: 3, warmup: 1, scaleRuns: 2, sizes: [100] });
    else throw new Error(`Unknown option ${arg}; see the top of bench/run.js`);
  }
  if (!(options.runs >= 1) || !(options.warmup >= 0)) throw new Error('--runs must be at least 1 and --warmup at least 0');
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const pg = await pgServer.reachable();
  const dialects = [];
  const wanted = (dialect) => !options.dialects || options.dialects.includes(dialect);
  if (pg.ok && onPath('psql')) dialects.push('postgresql');
  else console.log(`SKIPPED: PostgreSQL cases (${pg.ok ? 'psql is not on the PATH' : `no server at ${pgServer.ADMIN_URL}: ${pg.reason}`})`);
  if (onPath('sqlite3')) dialects.push('sqlite');
  else console.log('SKIPPED: SQLite cases need sqlite3 on the PATH (the floor)');
  for (let i = dialects.length - 1; i >= 0; i--) if (!wanted(dialects[i])) dialects.splice(i, 1);
  if (!hasGnuTime) console.log('NOTE: /usr/bin/time (GNU time) not found: peak RSS is not measured');

  const before = machine();
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const common = { workDir: WORK_DIR, runs: options.runs, warmup: options.warmup };
  const results = [];
  const suites = {
    generate: () => generateSuite({ ...common, sizes: options.sizes }),
    up: () => upSuite({ ...common, dialects }),
    status: () => statusSuite({ ...common, dialects }),
    startup: () => startupSuite(common),
    scale: () => scaleSuite({ ...common, runs: options.scaleRuns, warmup: 1, dialects }),
  };
  for (const name of options.only) {
    if (!suites[name]) throw new Error(`Unknown suite ${name}: generate, up, status, startup, scale`);
    process.stderr.write(`bench: ${name}…\n`);
    const t0 = Date.now();
    results.push(...(await suites[name]()));
    process.stderr.write(`bench: ${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const after = machine();

  console.log(`\n## Results (${options.runs} timed runs per case after ${options.warmup} warm-up runs; medians)\n`);
  console.log(resultsTable(results));
  const targets = checkTargets(results);
  const resultsFile = path.join(WORK_DIR, 'results.json');
  fs.writeFileSync(resultsFile, `${JSON.stringify({ machine: before, finished: after, results, targets }, null, 2)}\n`);
  console.log('\n## Targets\n');
  console.log(
    formatTable(
      ['target', 'workload', 'measured', 'met'],
      targets.map((t) => [t.target, t.workload, t.unit === 'x' ? ratio(t.measured) : ms(t.measured), t.met ? 'yes' : `NO (${over(t)})`]),
      ['l', 'l', 'r', 'l'],
    ),
  );
  const chart = writeChart(targets, path.join(__dirname, 'ratios.svg'), before.date);
  console.log(`\n(chart of the targets: ${path.relative(process.cwd(), chart)})`);
  console.log('\n## Machine\n');
  console.log(`- date: ${before.date} (finished ${after.date})`);
  console.log(`- CPU: ${before.cpuModel}, ${before.cpus} CPUs; memory ${before.memoryGb} GiB`);
  console.log(`- OS: ${before.os}; Node ${before.node}`);
  console.log(`- load average (1, 5, 15 min): ${before.load} at the start, ${after.load} at the end`);
  console.log(
    `- 1-minute load average before each measured process: median ${median(loadSamples).toFixed(2)}, ` +
      `min ${Math.min(...loadSamples).toFixed(2)}, max ${Math.max(...loadSamples).toFixed(2)} (${os.availableParallelism?.() ?? os.cpus().length} CPUs)`,
  );
  console.log(`- versions: ${versions(pg.ok ? pg.version : undefined).join('; ')}`);
  console.log(
    `- peak RSS: ${hasGnuTime ? 'GNU time %M (ru_maxrss of the largest process of the command, KiB), median of the runs' : 'not measured'}`,
  );
}

/** By how much a target is missed: `+23%` over its limit. */
function over(t) {
  return `+${Math.round((t.measured / t.limit - 1) * 100)}%`;
}

/** One row per tool and workload; `ours / this` divides our median by the row's. */
function resultsTable(results) {
  const workloads = [...new Set(results.map((r) => r.workload))];
  const ordered = workloads.flatMap((w) =>
    results.filter((r) => r.workload === w).sort((a, b) => Number(Boolean(b.ours)) - Number(Boolean(a.ours))),
  );
  const rows = ordered.map((r) => {
    const ours = results.find((o) => o.workload === r.workload && o.ours);
    return [
      r.workload,
      r.tool,
      String(r.runs),
      ms(r.medianMs),
      `${ms(r.minMs)} – ${ms(r.maxMs)}`,
      mb(r.rssKb),
      r.ours || !ours ? '' : ratio(ours.medianMs / r.medianMs),
    ];
  });
  return formatTable(['workload', 'command', 'N', 'median', 'min – max', 'peak RSS', 'ours / this'], rows, [
    'l',
    'l',
    'r',
    'r',
    'r',
    'r',
    'r',
  ]);
}

process.on('SIGINT', () => {
  process.stderr.write('bench: interrupted; dropping the databases it created\n');
  pgServer.dropLeftovers().finally(() => process.exit(130));
});

main().catch(async (error) => {
  console.error(error.stack ?? error);
  await pgServer.dropLeftovers();
  process.exit(1);
});
