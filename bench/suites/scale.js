// Workload 5, scale: gati's `up` and `status` with 2,000 migrations against the same with 200, side by side in one
// rotation, for the cost per migration (issue 13: no more at 2,000 than at 200). gati only: the peers' cost at
// 200 is in the up and status workloads. Each up run gets a fresh database and is checked (all tables there);
// status reads a database migrated once, untimed. Fewer runs than the other suites (--scale-runs): an up of
// 2,000 takes seconds.
const path = require('node:path');
const { measureSideBySide, runOnce } = require('../lib/process-timer');
const { gati } = require('../lib/tools');
const { writeUpProjects, freshDatabase } = require('./up');

const SIZES = [200, 2000];

async function scaleSuite({ workDir, runs, warmup, dialects }) {
  const results = [];
  for (const dialect of dialects) {
    const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const projects = [];
    for (const size of SIZES) projects.push(await writeUpProjects(path.join(workDir, `scale-${size}`), dialect, size));
    const big = SIZES[SIZES.length - 1];

    const up = await measureSideBySide(
      projects.map((p) => {
        const db = freshDatabase(dialect, p, `scale_up_${p.count}`);
        return { command: () => gati('migrate:up'), cwd: p.gati, setup: db.setup, teardown: db.teardown };
      }),
      { runs, warmup },
    );
    projects.forEach((p, k) => {
      const tool = p.count === big ? 'gati migrate:up' : `gati migrate:up, ${p.count} migrations`;
      results.push({ workload: `up: ${big} migrations, ${label}`, tool, ours: p.count === big, ...up[k] });
    });

    const databases = [];
    try {
      for (const p of projects) {
        const db = freshDatabase(dialect, p, `scale_status_${p.count}`);
        const prepared = await db.setup();
        databases.push({ db, prepared });
        runOnce(gati('migrate:up'), { cwd: p.gati, env: prepared.env });
      }
      const status = await measureSideBySide(
        projects.map((p, k) => ({
          command: gati('migrate:status'),
          cwd: p.gati,
          setup: () => ({ env: databases[k].prepared.env }),
          check: (out) => {
            if (!new RegExp(`\\b${p.count} applied, 0 pending`).test(out)) throw new Error(`gati migrate:status:\n${out.slice(0, 2000)}`);
          },
        })),
        { runs, warmup },
      );
      projects.forEach((p, k) => {
        const tool = p.count === big ? 'gati migrate:status' : `gati migrate:status, ${p.count} applied`;
        results.push({ workload: `status: ${big} applied, ${label}`, tool, ours: p.count === big, ...status[k] });
      });
    } finally {
      for (const { db, prepared } of databases) await db.teardown(0, prepared);
    }
  }
  return results;
}

module.exports = { scaleSuite };
