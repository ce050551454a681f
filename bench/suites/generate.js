// Workload 1, `generate`: N tables x 10 columns from nothing, then one added column on top of that migration,
// for N = 100 and 500. Peer: drizzle-kit generate on the same schema written for drizzle (PostgreSQL; neither
// tool connects to a database to generate).
const fs = require('node:fs');
const path = require('node:path');
const { measureSideBySide, runOnce } = require('../lib/process-timer');
const { gati, drizzleKit } = require('../lib/tools');
const { generateProjects } = require('../workloads/entity-schema');
const { writeProject, addFiles } = require('../workloads/project-files');

const TOOLS = [
  {
    key: 'gati',
    tool: 'gati migrate:generate',
    ours: true,
    out: 'migrations',
    command: (name) => gati('migrate:generate', name),
    wrote: /^Wrote migrations\//m,
  },
  {
    key: 'drizzle',
    tool: 'drizzle-kit generate',
    out: 'drizzle',
    command: (name) => drizzleKit('generate', '--name', name),
    wrote: /Your SQL migration file/,
  },
];

async function generateSuite({ workDir, runs, warmup, sizes = [100, 500] }) {
  const results = [];
  for (const size of sizes) {
    const base = generateProjects(size);
    const changed = generateProjects(size, { withAddedColumn: true });
    const tools = TOOLS.map((spec) => {
      const root = path.join(workDir, `generate-${size}`, spec.key);
      const out = path.join(root, spec.out);
      const check = (stdout) => {
        if (!spec.wrote.test(stdout)) throw new Error(`${spec.tool} wrote no migration:\n${stdout}`);
      };
      return { ...spec, root, out, saved: `${out}.base`, check };
    });

    // From nothing: the schema, and no migrations folder before each run.
    for (const t of tools) writeProject(t.root, base[t.key]);
    const initial = await measureSideBySide(
      tools.map((t) => ({
        command: t.command('init'),
        cwd: t.root,
        check: t.check,
        setup: () => fs.rmSync(t.out, { recursive: true, force: true }),
      })),
      { runs, warmup },
    );

    // One column added: the migration of the base schema (written once by each tool, untimed) restored before
    // each run, and the schema with the new column.
    for (const t of tools) {
      fs.rmSync(t.out, { recursive: true, force: true });
      runOnce(t.command('init'), { cwd: t.root });
      fs.rmSync(t.saved, { recursive: true, force: true });
      fs.cpSync(t.out, t.saved, { recursive: true });
      addFiles(t.root, changed[t.key]);
    }
    const added = await measureSideBySide(
      tools.map((t) => ({
        command: t.command('add_nickname'),
        cwd: t.root,
        check: t.check,
        setup: () => {
          fs.rmSync(t.out, { recursive: true, force: true });
          fs.cpSync(t.saved, t.out, { recursive: true });
        },
      })),
      { runs, warmup },
    );

    tools.forEach((t, k) => {
      results.push({ workload: `generate: ${size} tables from nothing`, tool: t.tool, ours: t.ours, ...initial[k] });
      results.push({ workload: `generate: ${size} tables, 1 column added`, tool: t.tool, ours: t.ours, ...added[k] });
    });
  }
  return results;
}

module.exports = { generateSuite };
