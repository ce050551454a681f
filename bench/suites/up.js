// Workload 2, `up`: M pending migrations, each creating a table, applied to a fresh database per run
// (PostgreSQL: CREATE DATABASE before, DROP after; SQLite: a new file). Peers: kysely-ctl `migrate latest` on
// the same migrations written for it; the floor: `psql -f` / `sqlite3` of the same DDL, with no bookkeeping.
// Also exports the project setup, which `status` reuses.
const fs = require('node:fs');
const path = require('node:path');
const { measureSideBySide } = require('../lib/process-timer');
const pgServer = require('../lib/postgres-server');
const { GATI_BIN, gati, kyselyCtl, psql, sqlite3 } = require('../lib/tools');
const { createTableMigrations } = require('../workloads/create-table-migrations');
const { gatiRunnerConfig, kyselyCtlConfig, writeProject } = require('../workloads/project-files');

const TABLES = 'widget%';
const KYSELY_CACHED = 'kysely-ctl migrate latest --filesystem-caching';

/** Writes the three projects for `dialect` under workDir/up-<dialect>; returns their roots and the count. */
async function writeUpProjects(workDir, dialect, count) {
  const migrations = await createTableMigrations(GATI_BIN, dialect, count);
  const root = path.join(workDir, `up-${dialect}`);
  const prefixed = (files) => Object.fromEntries(Object.entries(files).map(([f, t]) => [`migrations/${f}`, t]));
  writeProject(path.join(root, 'gati'), { 'gati.config.ts': gatiRunnerConfig(dialect), ...prefixed(migrations.gati) });
  writeProject(path.join(root, 'kysely-ctl'), { 'kysely.config.ts': kyselyCtlConfig(dialect), ...prefixed(migrations.kyselyCtl) });
  writeProject(path.join(root, 'sql'), { 'up.sql': migrations.sql });
  return { gati: path.join(root, 'gati'), kyselyCtl: path.join(root, 'kysely-ctl'), sql: path.join(root, 'sql'), count };
}

/** A fresh database for each run, and its check afterwards: every table is there. */
function freshDatabase(dialect, projects, label) {
  if (dialect === 'sqlite') {
    const file = path.join(projects.sql, '..', `${label}.sqlite`);
    const remove = () => {
      for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`, `${file}.gati-lock`]) fs.rmSync(f, { force: true });
    };
    return {
      setup: () => {
        remove();
        return { env: { SQLITE_FILE: file }, file };
      },
      teardown: (_i, prepared) => {
        const Database = require('better-sqlite3');
        const db = new Database(prepared.file, { readonly: true });
        const { n } = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name like ?").get(TABLES);
        db.close();
        remove();
        if (n !== projects.count) throw new Error(`${label}: ${n} of ${projects.count} tables were created`);
      },
    };
  }
  return {
    setup: async () => {
      const { name, url } = await pgServer.createDatabase(label.replace(/\W/g, '_'));
      return { env: { DATABASE_URL: url }, name, url };
    },
    teardown: async (_i, prepared) => {
      if (!prepared.name) return;
      let n;
      try {
        n = await pgServer.countTables(prepared.url, TABLES);
      } finally {
        await pgServer.dropDatabase(prepared.name);
      }
      if (n !== projects.count) throw new Error(`${label}: ${n} of ${projects.count} tables were created`);
    },
  };
}

function upCases(dialect, projects) {
  const floor =
    dialect === 'sqlite'
      ? { tool: 'sqlite3 .read (floor)', cwd: projects.sql, command: (p) => sqlite3(p.file, '.read up.sql') }
      : { tool: 'psql -f (floor)', cwd: projects.sql, command: (p) => psql('-f', 'up.sql', p.url) };
  return [
    { tool: 'gati migrate:up', ours: true, cwd: projects.gati, command: () => gati('migrate:up') },
    { tool: 'kysely-ctl migrate latest', cwd: projects.kyselyCtl, command: () => kyselyCtl('migrate', 'latest') },
    // Not the default: kysely-ctl transpiles every migration file on every run unless told to keep jiti's disk
    // cache (gati keeps it by default). For context; the targets compare with the default.
    {
      tool: KYSELY_CACHED,
      cwd: projects.kyselyCtl,
      command: () => kyselyCtl('migrate', 'latest', '--filesystem-caching'),
    },
    floor,
  ];
}

async function upSuite({ workDir, runs, warmup, dialects, count = 200 }) {
  const results = [];
  for (const dialect of dialects) {
    const projects = await writeUpProjects(workDir, dialect, count);
    const cases = upCases(dialect, projects);
    const measured = await measureSideBySide(
      cases.map((spec) => {
        const db = freshDatabase(dialect, projects, `up_${spec.tool.split(' ')[0]}`);
        return { command: spec.command, cwd: spec.cwd, setup: db.setup, teardown: db.teardown };
      }),
      { runs, warmup },
    );
    cases.forEach((spec, k) => {
      const workload = `up: ${count} migrations, ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`;
      results.push({ workload, tool: spec.tool, ours: spec.ours, ...measured[k] });
    });
  }
  return results;
}

module.exports = { upSuite, writeUpProjects, freshDatabase };
