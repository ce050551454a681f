// Times whole processes, as a user runs them: each run is one spawned command, its wall time measured here
// around spawnSync, its peak memory measured by GNU time (`/usr/bin/time -f %M`: ru_maxrss from wait4, the
// resident set of the largest process of the command's tree, in KiB). Setup and teardown around each run (a
// fresh database, a reset directory) are not timed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const GNU_TIME = '/usr/bin/time';

/** Whether GNU time is there to report peak RSS; without it the memory column says n/a. */
const hasGnuTime = (() => {
  try {
    return spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
})();

/** The 1-minute load average when each measured process (warm-up runs too) started: how busy the machine was. */
const loadSamples = [];

/**
 * Runs `command` (argv array) once. Returns wall milliseconds and peak RSS in KiB (undefined without GNU time);
 * throws with the command's output when it exits with a status other than `expectStatus` (0 unless told).
 */
function runOnce(command, { cwd, env, expectStatus = 0 } = {}) {
  const rssFile = path.join(os.tmpdir(), `gati-bench-rss-${process.pid}`);
  const argv = hasGnuTime ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...command] : command;
  const t0 = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== expectStatus) {
    throw new Error(
      `${command.join(' ')} (in ${cwd}) exited with ${result.status}, expected ${expectStatus}:\n${result.stdout}${result.stderr}`.trimEnd(),
    );
  }
  let rssKb;
  if (hasGnuTime) {
    // GNU time writes "Command exited with non-zero status N" before the value when the status is not 0.
    const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
    rssKb = Number(lines[lines.length - 1]);
    fs.rmSync(rssFile, { force: true });
  }
  return { ms, rssKb, stdout: result.stdout.toString() };
}

/**
 * Measures the cases of one workload side by side: `warmup` rounds (not counted), then `runs` rounds, each
 * round running every case once, in an order that rotates from round to round, so that a change in the load
 * on the machine falls on every tool alike. Each run has its own untimed `setup()` before and `teardown()`
 * after. `setup` may return `{ env }` for that run (a fresh database's URL); `command` is an argv array, or a
 * function of what `setup` returned (a database file or URL on the command line). Returns, per case, the
 * median time and peak RSS and the spread.
 */
async function measureSideBySide(specs, { runs, warmup = 1 }) {
  const samples = specs.map(() => ({ times: [], rss: [] }));
  for (let round = 0; round < warmup + runs; round++) {
    const order = specs.map((_, k) => (k + round) % specs.length);
    for (const k of order) {
      const result = await runCase(specs[k], round);
      if (round < warmup) continue;
      samples[k].times.push(result.ms);
      if (result.rssKb !== undefined) samples[k].rss.push(result.rssKb);
    }
  }
  return samples.map(({ times, rss }) => ({
    runs,
    warmup,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    rssKb: rss.length > 0 ? median(rss) : undefined,
  }));
}

async function runCase(spec, round) {
  const { command, cwd, env = {}, setup, teardown, expectStatus, check } = spec;
  const prepared = (setup ? await setup(round) : undefined) ?? {};
  let result;
  try {
    const argv = typeof command === 'function' ? command(prepared) : command;
    loadSamples.push(os.loadavg()[0]);
    result = runOnce(argv, { cwd, env: { ...env, ...prepared.env }, expectStatus });
    if (check) check(result.stdout, prepared);
  } catch (error) {
    // Clean up, but report the run's own failure rather than what the teardown finds wrong after it.
    if (teardown) await Promise.resolve(teardown(round, prepared)).catch(() => undefined);
    throw error;
  }
  if (teardown) await teardown(round, prepared);
  return result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = { measureSideBySide, runOnce, median, hasGnuTime, loadSamples };
