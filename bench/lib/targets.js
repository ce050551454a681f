// The targets of issue 13 (and the earlier ones it leaves standing), checked against the medians: ours / theirs,
// ours / a floor of another workload, peak memory, an absolute time, or the cost per migration at 2,000 against
// the cost at 200.

/**
 * Each target: which of our rows it applies to (`workload`), what it compares with, and the limit (`max`).
 * - `peer`: our median / that tool's median in the same workload;
 * - `peer` + `peerWorkload`: the peer's row is in another workload (status against `node -e 0`);
 * - `metric: 'rss'`: peak memory instead of time;
 * - `perMigration: [ours, peer's]`: our median per migration / the peer's (gati itself on fewer migrations);
 * - `absoluteMs`: our median in milliseconds.
 */
const TARGETS = [
  { workload: /^generate: 100 tables, 1 column added$/, peer: 'drizzle-kit generate', max: 1.0, label: 'generate <= 1.0x drizzle-kit' },
  { workload: /^generate: 500 tables, 1 column added$/, peer: 'drizzle-kit generate', max: 0.9, label: 'generate <= 0.9x drizzle-kit' },
  { workload: /^generate: 100 tables from nothing$/, peer: 'drizzle-kit generate', max: 1.5, label: 'generate <= 1.5x drizzle-kit' },
  {
    workload: /^generate: 500 tables/,
    peer: 'drizzle-kit generate',
    metric: 'rss',
    max: 1.3,
    label: 'peak memory <= 1.3x drizzle-kit',
  },
  { workload: /^up: 200 migrations, PostgreSQL$/, peer: 'kysely-ctl migrate latest', max: 0.5, label: 'up <= 0.5x kysely-ctl' },
  {
    workload: /^up: 200 migrations, PostgreSQL$/,
    peer: 'kysely-ctl migrate latest --filesystem-caching',
    max: 0.9,
    label: 'up <= 0.9x kysely-ctl, cache on',
  },
  { workload: /^up: 200 migrations, PostgreSQL$/, peer: 'psql -f (floor)', max: 1.8, label: 'up <= 1.8x psql -f' },
  {
    workload: /^up: 200 migrations, SQLite$/,
    peer: 'kysely-ctl migrate latest --filesystem-caching',
    max: 0.6,
    label: 'up <= 0.6x kysely-ctl, cache on',
  },
  {
    workload: /^status: 200 applied/,
    peer: 'node -e 0 (floor)',
    peerWorkload: 'start-up: --help',
    max: 3.5,
    label: 'status <= 3.5x node -e 0',
  },
  {
    workload: /^up: 2000 migrations/,
    peer: 'gati migrate:up, 200 migrations',
    perMigration: [2000, 200],
    max: 1.0,
    label: 'per migration at 2,000 <= at 200',
  },
  {
    workload: /^status: 2000 applied/,
    peer: 'gati migrate:status, 200 applied',
    perMigration: [2000, 200],
    max: 1.0,
    label: 'per migration at 2,000 <= at 200',
  },
  // Earlier targets that issue 13 leaves standing.
  { workload: /^up: 200 migrations, SQLite$/, peer: 'kysely-ctl migrate latest', max: 0.5, label: 'up <= 0.5x kysely-ctl' },
  { workload: /^status: 200 applied/, peer: 'kysely-ctl migrate list', max: 0.3, label: 'status <= 0.3x kysely-ctl' },
  { workload: /^start-up: --help/, absoluteMs: 200, label: '--help <= 200 ms' },
];

/** One line per target and workload it applies to: what was measured, the limit, met or not. */
function checkTargets(results) {
  const lines = [];
  const workloads = [...new Set(results.map((r) => r.workload))];
  const ourRow = (workload) => results.find((r) => r.workload === workload && r.ours);
  for (const target of TARGETS) {
    for (const workload of workloads.filter((w) => target.workload.test(w))) {
      const ours = ourRow(workload);
      if (!ours) continue;
      const base = { target: target.label, workload, limit: target.max };
      if (target.absoluteMs !== undefined) {
        lines.push({ ...base, limit: target.absoluteMs, measured: ours.medianMs, unit: 'ms', met: ours.medianMs <= target.absoluteMs });
        continue;
      }
      const peerWorkload = target.peerWorkload ?? workload;
      const peer = results.find((r) => r.workload === peerWorkload && r.tool === target.peer);
      if (!peer) continue;
      const rss = target.metric === 'rss';
      if (rss && (ours.rssKb === undefined || peer.rssKb === undefined)) continue;
      const [count, peerCount] = target.perMigration ?? [1, 1];
      const ratio = rss ? ours.rssKb / peer.rssKb : ours.medianMs / count / (peer.medianMs / peerCount);
      lines.push({ ...base, measured: ratio, unit: 'x', met: ratio <= target.max });
    }
  }
  return lines;
}

module.exports = { checkTargets };
