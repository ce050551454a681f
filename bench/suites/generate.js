// Workload 1, `generate`: N tables x 10 columns from nothing, then one added column on top of that migration,
// for N = 100 and 500. Peer: drizzle-kit generate on the same schema written for drizzle (PostgreSQL; neither
// tool connects to a database to generate).
const fs = require('node:fs');
const path = require('node:path');
const { measure, runOnce } = require('../lib/process-timer');
const { gati, drizzleKit } = require('../lib/tools');
const { generateProjects } = require('../workloads/entity-schema');
const { writeProject, addFiles } = require('../workloads/project-files');

const TOOLS = [
  {
    tool: 'gati migrate:generate',
    ours: true,
    out: 'migrations',
    command: (name) => gati('migrate:generate', name),
    wrote: /^Wrote migrations\//m,
  },
  {
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
    for (const spec of TOOLS) {
      const key = spec.ours ? 'gati' : 'drizzle';
      const root = path.join(workDir, `generate-${size}`, key);
      const out = path.join(root, spec.out);
      const check = (stdout) => {
        if (!spec.wrote.test(stdout)) throw new Error(`${spec.tool} wrote no migration:\n${stdout}`);
      };

      writeProject(root, base[key]);
      const initial = await measure({
        command: spec.command('init'),
        cwd: root,
        runs,
        warmup,
        setup: () => fs.rmSync(out, { recursive: true, force: true }),
        check,
      });
      results.push({ workload: `generate: ${size} tables from nothing`, tool: spec.tool, ours: spec.ours, ...initial });

      // The migration of the base schema (written once, untimed), then the schema with one more column.
      fs.rmSync(out, { recursive: true, force: true });
      runOnce(spec.command('init'), { cwd: root });
      const saved = `${out}.base`;
      fs.rmSync(saved, { recursive: true, force: true });
      fs.cpSync(out, saved, { recursive: true });
      addFiles(root, changed[key]);
      const added = await measure({
        command: spec.command('add_nickname'),
        cwd: root,
        runs,
        warmup,
        setup: () => {
          fs.rmSync(out, { recursive: true, force: true });
          fs.cpSync(saved, out, { recursive: true });
        },
        check,
      });
      results.push({ workload: `generate: ${size} tables, 1 column added`, tool: spec.tool, ours: spec.ours, ...added });
    }
  }
  return results;
}

module.exports = { generateSuite };
