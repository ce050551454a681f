// A steady load on the database: a few async loops, each running one operation every `intervalMs` (or as soon as
// the previous one returns, when it took longer), recording every operation's latency and what went wrong.

/** The p-th percentile (0–100) of sorted numbers; undefined for none. */
function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class SteadyLoad {
  /**
   * @param {string} name what the loops are (`v1 writers`)
   * @param {number} loops how many run side by side
   * @param {number} intervalMs one operation per loop every so often
   * @param {(loop: number) => Promise<string|void>} operation resolves with a complaint (a wrong-shape read) or nothing
   */
  constructor(name, loops, intervalMs, operation) {
    Object.assign(this, { name, loops, intervalMs, operation });
    this.samples = []; // { at, ms, phase }
    this.failures = []; // { at, phase, message }
    this.complaints = []; // { at, phase, message }
    this.phase = 'before';
    this.running = [];
    this.stopped = false;
  }

  start() {
    for (let loop = 0; loop < this.loops; loop++) this.running.push(this.run(loop));
    return this;
  }

  async run(loop) {
    await sleep((this.intervalMs / this.loops) * loop); // spread the loops over the interval
    while (!this.stopped) {
      const phase = this.phase;
      const started = performance.now();
      try {
        const complaint = await this.operation(loop);
        if (complaint) this.complaints.push({ at: Date.now(), phase, message: complaint });
      } catch (error) {
        this.failures.push({ at: Date.now(), phase, message: error.message });
      }
      const ms = performance.now() - started;
      this.samples.push({ at: Date.now(), ms, phase });
      if (ms < this.intervalMs) await sleep(this.intervalMs - ms);
    }
  }

  async stop() {
    this.stopped = true;
    await Promise.all(this.running);
  }

  /** Operations, failures, complaints, the longest and the p99 latency; of one phase, or of all. */
  stats(phase) {
    const of = (list) => (phase === undefined ? list : list.filter((entry) => entry.phase === phase));
    const latencies = of(this.samples)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    return {
      operations: latencies.length,
      failures: of(this.failures).length,
      complaints: of(this.complaints).length,
      maxMs: latencies.at(-1),
      p99Ms: percentile(latencies, 99),
      firstFailure: of(this.failures)[0]?.message,
      firstComplaint: of(this.complaints)[0]?.message,
    };
  }
}

/** The stats of several loads taken together (all writers of a scenario, say). */
function combinedStats(loads, phase) {
  const latencies = loads
    .flatMap((load) => load.samples)
    .filter((s) => phase === undefined || s.phase === phase)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const each = loads.map((load) => load.stats(phase));
  return {
    operations: latencies.length,
    failures: each.reduce((n, s) => n + s.failures, 0),
    complaints: each.reduce((n, s) => n + s.complaints, 0),
    maxMs: latencies.at(-1),
    p99Ms: percentile(latencies, 99),
    firstFailure: each.find((s) => s.firstFailure)?.firstFailure,
    firstComplaint: each.find((s) => s.firstComplaint)?.firstComplaint,
  };
}

module.exports = { SteadyLoad, combinedStats, percentile, sleep };
