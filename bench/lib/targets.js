// The targets of the benchmark issue, checked against the medians: ours / theirs, or an absolute time.

/** Each target: which rows it compares, and the limit. */
const TARGETS = [
  { workload: /^generate:/, peer: 'drizzle-kit generate', max: 1.0, label: 'generate <= 1.0x drizzle-kit' },
  { workload: /^up:/, peer: 'kysely-ctl migrate latest', max: 0.5, label: 'up <= 0.5x kysely-ctl' },
  { workload: /^up:.*PostgreSQL/, peer: 'psql -f (floor)', max: 2.0, label: 'up <= 2x psql -f' },
  { workload: /^up:.*SQLite/, peer: 'sqlite3 .read (floor)', max: 2.0, label: 'up <= 2x sqlite3' },
  { workload: /^status:/, peer: 'kysely-ctl migrate list', max: 0.3, label: 'status <= 0.3x kysely-ctl' },
  { workload: /^start-up: --help/, absoluteMs: 200, label: '--help <= 200 ms' },
];

/** One line per target and workload it applies to: what was measured, the limit, met or not. */
function checkTargets(results) {
  const lines = [];
  const workloads = [...new Set(results.map((r) => r.workload))];
  for (const target of TARGETS) {
    for (const workload of workloads.filter((w) => target.workload.test(w))) {
      const ours = results.find((r) => r.workload === workload && r.ours);
      if (!ours) continue;
      if (target.absoluteMs !== undefined) {
        lines.push({ target: target.label, workload, measured: ours.medianMs, unit: 'ms', met: ours.medianMs <= target.absoluteMs });
        continue;
      }
      const peer = results.find((r) => r.workload === workload && r.tool === target.peer);
      if (!peer) continue;
      const ratio = ours.medianMs / peer.medianMs;
      lines.push({ target: target.label, workload, measured: ratio, unit: 'x', met: ratio <= target.max });
    }
  }
  return lines;
}

module.exports = { checkTargets };
