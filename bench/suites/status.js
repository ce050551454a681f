// Workload 3, `status` with M applied migrations: each tool's database is migrated once (untimed, by the tool
// itself), then only the read is timed. Peers: kysely-ctl `migrate list`; the floor: one `psql -c` / `sqlite3`
// select of gati's history table.
const fs = require('node:fs');
const path = require('node:path');
const { measureSideBySide, runOnce } = require('../lib/process-timer');
const pgServer = require('../lib/postgres-server');
const { gati, kyselyCtl, psql, sqlite3 } = require('../lib/tools');
const { writeUpProjects } = require('./up');

const HISTORY = 'select * from gati_migrations_history order by started_at';

async function statusSuite({ workDir, runs, warmup, dialects, count = 200 }) {
  const results = [];
  for (const dialect of dialects) {
    const projects = await writeUpProjects(workDir, dialect, count);
    const databases = await migratedDatabases(dialect, projects);
    try {
      const { gatiEnv, kyselyEnv, floor } = databases;
      const cases = [
        {
          tool: 'gati migrate:status',
          ours: true,
          cwd: projects.gati,
          env: gatiEnv,
          command: gati('migrate:status'),
          check: (out) => expect(out, new RegExp(`\\b${count} applied, 0 pending`), 'gati migrate:status'),
        },
        {
          tool: 'kysely-ctl migrate list',
          cwd: projects.kyselyCtl,
          env: kyselyEnv,
          command: kyselyCtl('migrate', 'list'),
          check: (out) => expect(out, /create_widget200s/, 'kysely-ctl migrate list'),
        },
        {
          // Not the default (see up.js): with jiti's disk cache.
          tool: 'kysely-ctl migrate list --filesystem-caching',
          cwd: projects.kyselyCtl,
          env: kyselyEnv,
          command: kyselyCtl('migrate', 'list', '--filesystem-caching'),
          check: (out) => expect(out, /create_widget200s/, 'kysely-ctl migrate list'),
        },
        { ...floor, cwd: projects.sql, check: (out) => expect(out, /create_widget200s/, floor.tool) },
      ];
      const measured = await measureSideBySide(cases, { runs, warmup });
      cases.forEach((spec, k) => {
        const workload = `status: ${count} applied, ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`;
        results.push({ workload, tool: spec.tool, ours: spec.ours, ...measured[k] });
      });
    } finally {
      await databases.drop();
    }
  }
  return results;
}

function expect(stdout, pattern, tool) {
  if (!pattern.test(stdout)) throw new Error(`${tool} did not list the migrations:\n${stdout.slice(0, 2000)}`);
}

/** One database migrated by gati and one by kysely-ctl (untimed); the floor reads gati's history table. */
async function migratedDatabases(dialect, projects) {
  if (dialect === 'sqlite') {
    const gatiFile = path.join(projects.sql, '..', 'status-gati.sqlite');
    const kyselyFile = path.join(projects.sql, '..', 'status-kysely.sqlite');
    const remove = () => {
      for (const f of [gatiFile, kyselyFile, `${gatiFile}.gati-lock`]) fs.rmSync(f, { force: true });
    };
    remove();
    runOnce(gati('migrate:up'), { cwd: projects.gati, env: { SQLITE_FILE: gatiFile } });
    runOnce(kyselyCtl('migrate', 'latest'), { cwd: projects.kyselyCtl, env: { SQLITE_FILE: kyselyFile } });
    return {
      gatiEnv: { SQLITE_FILE: gatiFile },
      kyselyEnv: { SQLITE_FILE: kyselyFile },
      floor: { tool: 'sqlite3 select (floor)', command: sqlite3(gatiFile, HISTORY) },
      drop: async () => remove(),
    };
  }
  const gatiDb = await pgServer.createDatabase('status_gati');
  const kyselyDb = await pgServer.createDatabase('status_kysely');
  const drop = async () => {
    await pgServer.dropDatabase(gatiDb.name);
    await pgServer.dropDatabase(kyselyDb.name);
  };
  try {
    runOnce(gati('migrate:up'), { cwd: projects.gati, env: { DATABASE_URL: gatiDb.url } });
    runOnce(kyselyCtl('migrate', 'latest'), { cwd: projects.kyselyCtl, env: { DATABASE_URL: kyselyDb.url } });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    gatiEnv: { DATABASE_URL: gatiDb.url },
    kyselyEnv: { DATABASE_URL: kyselyDb.url },
    floor: { tool: 'psql -c select (floor)', command: psql('-c', HISTORY, gatiDb.url) },
    drop,
  };
}

module.exports = { statusSuite };
