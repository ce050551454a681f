#!/usr/bin/env node
// `npm run bench:zero-downtime`: the seed's `users.age: string -> number` change on a table of GATI_BENCH_ROWS rows
// (default 1,000,000) under a steady load of writers and readers, run (a) as a plain migration (`gati migrate:up`
// of a migration generated without --zero-downtime) and (b) as expand -> complete (`migrate:up` of a
// `--zero-downtime` migration, then `migrate:complete --force` once the old version's loops are stopped). Each
// scenario gets a fresh database and a fresh project under bench/.work, runs the built CLI as whole processes, and is
// checked at the end; the results are printed side by side and written into bench/RESULTS.md ("Zero-downtime").
//
// The load, per version: WRITERS loops each doing an UPDATE of a random row or an INSERT of a new one every
// INTERVAL_MS, READERS loops each reading a random row. The old version (v1) is a plain pg Pool on the tables in
// public writing `age` as text; the new one (v2) is `versionedKysely` (session mode) writing it as an integer, started
// as soon as the expand has made its schema of views (before that v2 has nothing to read through).
// Environment: GATI_BENCH_ROWS, GATI_BENCH_PG_URL (see bench/lib/postgres-server.js).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('pg');
const pgServer = require('./lib/postgres-server');
const { formatTable, ms } = require('./lib/table-printer');
const { machine } = require('./lib/machine');
const { SteadyLoad, combinedStats, sleep } = require('./lib/steady-load');
const { gatiRunnerConfig, writeProject } = require('./workloads/project-files');

const ROWS = Number(process.env.GATI_BENCH_ROWS ?? 1_000_000);
const WRITERS = 2;
const READERS = 1;
const INTERVAL_MS = 20;
/** How long the load runs alone before the migration starts, and on after each step. */
const SETTLE_MS = 2000;
const GATI = path.join(__dirname, '..', 'packages', 'cli', 'bin', 'run.js');
const WORK_DIR = path.join(__dirname, '.work');
const RESULTS = path.join(__dirname, 'RESULTS.md');
const V1 = 'tsv:1700000000-users-001';
const V2 = 'tsv:1700000100-users-002';
const V2_SCHEMA = 'gati_v_1700000100_users_002';
const userEntity = (ageType) => `export interface User {\n  id: number;\n  name: string;\n  age: ${ageType};\n}\n`;
/** The generated migration's `up` for users.age (its REVIEW expression, unchanged): the check compares against it. */
const UP_AGE = (value) =>
  `CASE WHEN btrim(CAST(${value} AS text)) ~ '^[+-]?[0-9]+$' THEN CASE WHEN CAST(btrim(CAST(${value} AS text)) AS numeric) ` +
  `BETWEEN -2147483648 AND 2147483647 THEN CAST(btrim(CAST(${value} AS text)) AS integer) END END`;

const TARGETS = { stallMs: 1000, backfillRowsPerSecond: 5000 };

/** Runs the built CLI as a process of its own (asynchronously: the load goes on meanwhile). */
function gati(project, env, ...args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [GATI, ...args], { cwd: project, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

function expectSuccess(result, what) {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A project with users(id, name, age varchar) applied and ROWS rows in it; 1% of the ages padded (' 42'). */
async function seededProject(name, database) {
  const project = path.join(WORK_DIR, `zero-downtime-${name}`);
  writeProject(project, { 'gati.config.ts': gatiRunnerConfig('postgresql'), 'src/entities/user.ts': userEntity('string') });
  const env = { DATABASE_URL: database.url };
  expectSuccess(await gati(project, env, 'migrate:generate', '--version', V1), 'migrate:generate (v1)');
  expectSuccess(await gati(project, env, 'migrate:up'), 'migrate:up (v1)');
  const pool = new Pool({ connectionString: database.url, max: 1 });
  await pool.query(
    `INSERT INTO users (id, name, age) SELECT g, 'user ' || g, CASE WHEN g % 100 = 0 THEN ' ' ELSE '' END || (g % 90 + 10)::text
     FROM generate_series(1, $1::int) AS g`,
    [ROWS],
  );
  await pool.query('VACUUM ANALYZE users');
  await pool.end();
  return { project, env };
}

/** The loops of one version: writers (UPDATE a random row or INSERT a new one) and readers (one random row). */
function versionLoad(label, db, nextId) {
  const randomId = () => 1 + Math.floor(Math.random() * ROWS);
  const age = () => 10 + Math.floor(Math.random() * 90);
  const writers = new SteadyLoad(`${label} writers`, WRITERS, INTERVAL_MS, async () => {
    if (Math.random() < 0.5) await db.update(randomId(), age());
    else {
      await db.insert(nextId(), age());
      db.inserted += 1;
    }
  });
  const readers = new SteadyLoad(`${label} readers`, READERS, INTERVAL_MS, async () => {
    const row = await db.read(randomId());
    if (row && typeof row.age !== db.ageType) return `read age ${JSON.stringify(row.age)} (${typeof row.age}), expected a ${db.ageType}`;
  });
  return { writers: writers.start(), readers: readers.start() };
}

/** v1: a plain pg Pool on the tables in public, age as text (the application as it was before). */
function oldVersionDb(url) {
  const pool = new Pool({ connectionString: url, max: WRITERS + READERS });
  return {
    ageType: 'string',
    inserted: 0,
    update: (id, age) => pool.query('UPDATE users SET age = $1 WHERE id = $2', [String(age), id]),
    insert: (id, age) => pool.query('INSERT INTO users (id, name, age) VALUES ($1, $2, $3)', [id, `user ${id}`, String(age)]),
    read: async (id) => (await pool.query('SELECT id, age FROM users WHERE id = $1', [id])).rows[0],
    end: () => pool.end(),
  };
}

/** v2: versionedKysely, bound to the version's schema of views, age as an integer. */
async function newVersionDb(url) {
  const { versionedKysely } = require('@gati-framework/migrations/runtime');
  const { postgresqlAdapter } = require('@gati-framework/migrations-adapters/postgresql');
  const db = await versionedKysely({ adapter: postgresqlAdapter, connection: { url }, version: V2, poolSize: WRITERS + READERS });
  return {
    ageType: 'number',
    inserted: 0,
    update: (id, age) => db.updateTable('users').set({ age }).where('id', '=', id).execute(),
    insert: (id, age) =>
      db
        .insertInto('users')
        .values({ id, name: `user ${id}`, age })
        .execute(),
    read: (id) => db.selectFrom('users').select(['id', 'age']).where('id', '=', id).executeTakeFirst(),
    end: () => db.destroy(),
  };
}

function setPhase(loads, phase) {
  for (const load of loads) load.phase = phase;
}

/** The last rate the backfill reported on stderr (`Backfilling users: n / n rows (100%, r rows/s)`). */
function backfillRate(stderr) {
  const rates = [...stderr.matchAll(/Backfilling users: \d+ \/ \d+ rows \(\d+%, (\d+) rows\/s\)/g)].map((m) => Number(m[1]));
  return rates.at(-1);
}

async function waitForSchema(pool, schema, until) {
  while (!until()) {
    const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (rows.length > 0) return true;
    await sleep(100);
  }
  return false;
}

/** (a): the old version's loops while a plain `migrate:up` converts the column in one transaction. */
async function plainMigration() {
  const database = await pgServer.createDatabase('zd_plain');
  try {
    const { project, env } = await seededProject('plain', database);
    fs.writeFileSync(path.join(project, 'src/entities/user.ts'), userEntity('number'));
    expectSuccess(await gati(project, env, 'migrate:generate', '--version', V2), 'migrate:generate (v2)');
    let id = ROWS;
    const old = oldVersionDb(database.url);
    const load = versionLoad('v1', old, () => ++id);
    const loads = [load.writers, load.readers];
    await sleep(SETTLE_MS);
    setPhase(loads, 'migration');
    process.stderr.write(`bench: (a) migrate:up (plain) on ${ROWS} rows…\n`);
    const up = expectSuccess(await gati(project, env, 'migrate:up'), 'migrate:up (plain)');
    setPhase(loads, 'after');
    await sleep(SETTLE_MS);
    await Promise.all(loads.map((l) => l.stop()));
    await old.end();
    const check = await checkFinal(database.url, old);
    return {
      name: '(a) single migration',
      writes: combinedStats([load.writers]),
      reads: combinedStats([load.readers]),
      migrationMs: up.ms,
      completeMs: undefined,
      rowsPerSecond: ROWS / (up.ms / 1000),
      rateNote: 'whole table in one transaction (up wall time)',
      ...check,
    };
  } finally {
    await pgServer.dropDatabase(database.name);
  }
}

/** (b): both versions' loops while `migrate:up` expands, then v1 retired and `migrate:complete --force`. */
async function expandComplete() {
  const database = await pgServer.createDatabase('zd_expand');
  const admin = new Pool({ connectionString: database.url, max: 1 });
  try {
    const { project, env } = await seededProject('expand', database);
    fs.writeFileSync(path.join(project, 'src/entities/user.ts'), userEntity('number'));
    expectSuccess(await gati(project, env, 'migrate:generate', '--zero-downtime', '--version', V2), 'migrate:generate --zero-downtime');
    let id = ROWS;
    const nextId = () => ++id;
    const old = oldVersionDb(database.url);
    const v1 = versionLoad('v1', old, nextId);
    const loads = [v1.writers, v1.readers];
    await sleep(SETTLE_MS);
    setPhase(loads, 'expand');
    process.stderr.write(`bench: (b) migrate:up (expand) on ${ROWS} rows…\n`);
    let upDone = false;
    const upRun = gati(project, env, 'migrate:up').then((result) => ((upDone = true), result));
    // v2 starts as soon as the expand has made its schema (after the backfill): before that it has nothing to use.
    await waitForSchema(admin, V2_SCHEMA, () => upDone);
    const up = expectSuccess(await upRun, 'migrate:up (expand)');
    const fresh = await newVersionDb(database.url);
    const v2 = versionLoad('v2', fresh, nextId);
    loads.push(v2.writers, v2.readers);
    setPhase(loads, 'both');
    await sleep(SETTLE_MS);
    // v1 retired: its loops stop; every row must now hold up(old) in the new column.
    await Promise.all([v1.writers.stop(), v1.readers.stop()]);
    await old.end();
    const expanded = await checkExpanded(admin);
    setPhase(loads, 'complete');
    process.stderr.write('bench: (b) migrate:complete --force…\n');
    const complete = expectSuccess(await gati(project, env, 'migrate:complete', '--force'), 'migrate:complete --force');
    setPhase(loads, 'after');
    await sleep(SETTLE_MS);
    await Promise.all([v2.writers.stop(), v2.readers.stop()]);
    await fresh.end();
    const check = await checkFinal(database.url, old, fresh);
    return {
      name: '(b) expand -> complete',
      writes: combinedStats([v1.writers, v2.writers]),
      reads: combinedStats([v1.readers, v2.readers]),
      perPhase: ['expand', 'both', 'complete', 'after'].map((phase) => ({
        phase,
        writes: combinedStats([v1.writers, v2.writers], phase),
        reads: combinedStats([v1.readers, v2.readers], phase),
      })),
      migrationMs: up.ms,
      completeMs: complete.ms,
      rowsPerSecond: backfillRate(up.stderr),
      rateNote: 'batched backfill under load (its own progress report)',
      expanded,
      ...check,
    };
  } finally {
    await admin.end();
    await pgServer.dropDatabase(database.name);
  }
}

/** With both columns still there: every row's new column holds up(old column). */
async function checkExpanded(pool) {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE _gati_zd_age IS DISTINCT FROM ${UP_AGE('age')})::int AS wrong,
            count(*) FILTER (WHERE _gati_zd_age IS NULL)::int AS missing FROM users`,
  );
  return rows[0];
}

/**
 * After the change: age is an integer column, NOT NULL, with no NULL, and the table holds the seeded rows plus one
 * per successful INSERT (`dbs`: the versions' handles, which count them); throws otherwise.
 */
async function checkFinal(url, ...dbs) {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const type = (
      await pool.query(
        "SELECT data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' AND column_name = 'age'",
      )
    ).rows[0];
    const { rows } = await pool.query('SELECT count(*)::int AS rows, count(*) FILTER (WHERE age IS NULL)::int AS nulls FROM users');
    const expectedRows = ROWS + dbs.reduce((n, db) => n + db.inserted, 0);
    const finalType = `${type.data_type}${type.is_nullable === 'NO' ? ' not null' : ''}`;
    if (finalType !== 'integer not null' || rows[0].nulls !== 0 || rows[0].rows !== expectedRows) {
      throw new Error(
        `The run did not end as it should: users.age is ${finalType} with ${rows[0].nulls} NULLs, ${rows[0].rows} rows where ${expectedRows} were written`,
      );
    }
    return { finalType, finalRows: rows[0].rows, finalNulls: rows[0].nulls };
  } finally {
    await pool.end();
  }
}

const count = (n) => (n === undefined ? 'n/a' : n.toLocaleString('en-US'));

function sideBySide(a, b) {
  const row = (label, f) => [label, f(a), f(b)];
  return formatTable(
    ['', a.name, b.name],
    [
      row('migration (`migrate:up`)', (r) => ms(r.migrationMs)),
      row('`migrate:complete --force`', (r) => (r.completeMs === undefined ? '-' : ms(r.completeMs))),
      row('writes (v1 + v2)', (r) => count(r.writes.operations)),
      row('longest write stall', (r) => ms(r.writes.maxMs)),
      row('p99 write latency', (r) => ms(r.writes.p99Ms)),
      row('failed writes', (r) => count(r.writes.failures)),
      row('reads / failed / wrong shape', (r) => `${count(r.reads.operations)} / ${r.reads.failures} / ${r.reads.complaints}`),
      row('longest read', (r) => ms(r.reads.maxMs)),
      row('conversion rows/s', (r) => `${count(Math.round(r.rowsPerSecond))}`),
      row('rows checked: new = up(old)', (r) => (r.expanded ? `${count(r.expanded.rows)}, ${r.expanded.wrong} wrong` : '-')),
      row('final age column; rows; NULLs', (r) => `${r.finalType}; ${count(r.finalRows)}; ${r.finalNulls}`),
    ],
    ['l', 'r', 'r'],
  );
}

function phaseTable(b) {
  return formatTable(
    ['(b) phase', 'writes', 'longest write', 'p99 write', 'failed writes', 'reads', 'failed / wrong-shape reads'],
    b.perPhase.map((p) => [
      p.phase,
      count(p.writes.operations),
      ms(p.writes.maxMs),
      ms(p.writes.p99Ms),
      String(p.writes.failures),
      count(p.reads.operations),
      `${p.reads.failures} / ${p.reads.complaints}`,
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

function targets(b) {
  const checks = [
    ['no write stall over 1 s', ms(b.writes.maxMs), b.writes.maxMs <= TARGETS.stallMs],
    ['no failed write', String(b.writes.failures), b.writes.failures === 0],
    [
      'every row converted (new = up(old), all rows)',
      `${count(b.expanded.rows)} rows, ${b.expanded.wrong} wrong, ${b.expanded.missing} missing`,
      b.expanded.wrong === 0 && b.expanded.missing === 0 && b.finalNulls === 0,
    ],
    ['backfill at least 5,000 rows/s under load', `${count(Math.round(b.rowsPerSecond ?? 0))} rows/s`, (b.rowsPerSecond ?? 0) >= 5000],
  ];
  return {
    met: checks.every((c) => c[2]),
    table: formatTable(
      ['target for (b)', 'measured', 'met'],
      checks.map((c) => [c[0], c[1], c[2] ? 'yes' : 'NO']),
    ),
  };
}

function report(a, b, before, after, loads) {
  const t = targets(b);
  const failures = [a, b]
    .flatMap((r) => [
      r.writes.firstFailure && `${r.name}: first failed write: ${r.writes.firstFailure}`,
      r.reads.firstComplaint && `${r.name}: first wrong-shape read: ${r.reads.firstComplaint}`,
      r.reads.firstFailure && `${r.name}: first failed read: ${r.reads.firstFailure}`,
    ])
    .filter(Boolean);
  return [
    `\`npm run bench:zero-downtime\` on **${before.date.slice(0, 16).replace('T', ' ')}–${after.date.slice(11, 16)} UTC**, ${count(ROWS)} rows; ` +
      `load per version: ${WRITERS} writers (an UPDATE of a random row or an INSERT, one every ${INTERVAL_MS} ms each) and ${READERS} reader ` +
      `(one random row every ${INTERVAL_MS} ms); v1 is a plain pg Pool on public writing age as text, v2 is \`versionedKysely\` ` +
      `(session mode) writing it as an integer, started once the expand has made its schema. Backfill: batchSize 1000, pauseMs 0 (the defaults).`,
    '',
    sideBySide(a, b),
    '',
    phaseTable(b),
    '',
    'Phases of (b): **expand**: v1 alone while `migrate:up` runs (v2 has no schema of views until its last step); **both**: v1 and v2, ' +
      `${SETTLE_MS / 1000} s; then v1 retired (its loops stop) and every row checked; **complete**: v2 while \`migrate:complete --force\` runs; ` +
      `**after**: v2 on the contracted table, ${SETTLE_MS / 1000} s.`,
    '',
    t.table,
    '',
    ...(failures.length ? [...failures.map((f) => `- ${f}`), ''] : []),
    `Machine: ${before.cpuModel}, ${before.cpus} CPUs, ${before.memoryGb} GiB; ${before.os}; Node ${before.node}. ` +
      `Load average (1, 5, 15 min): ${before.load} at the start, ${after.load} at the end; 1-minute load sampled every 5 s: ` +
      `median ${loads.median.toFixed(2)}, max ${loads.max.toFixed(2)} (shared machine: other engineers' test suites ran meanwhile).`,
  ].join('\n');
}

/** Puts `section` under the "## Zero-downtime" heading of bench/RESULTS.md (replacing what was there). */
function writeResults(section) {
  const text = fs.readFileSync(RESULTS, 'utf8');
  const heading = '## Zero-downtime';
  const block = `${heading}\n\n${section}\n`;
  const start = text.indexOf(`\n${heading}\n`);
  if (start === -1) {
    fs.writeFileSync(RESULTS, `${text.trimEnd()}\n\n${block}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length + 2);
  fs.writeFileSync(RESULTS, `${text.slice(0, start + 1)}${block}${next === -1 ? '' : text.slice(next)}`);
}

async function main() {
  if (!(Number.isInteger(ROWS) && ROWS >= 1000)) throw new Error('GATI_BENCH_ROWS must be a whole number of at least 1000');
  const pg = await pgServer.reachable();
  if (!pg.ok) {
    console.log(`SKIPPED: the zero-downtime bench needs PostgreSQL: no server at ${pgServer.ADMIN_URL}: ${pg.reason}`);
    process.exit(1);
  }
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const samples = [];
  const sampler = setInterval(() => samples.push(os.loadavg()[0]), 5000);
  const before = machine();
  samples.push(os.loadavg()[0]);
  const a = await plainMigration();
  const b = await expandComplete();
  clearInterval(sampler);
  const after = machine();
  samples.sort((x, y) => x - y);
  const section = report(a, b, before, after, { median: samples[Math.floor(samples.length / 2)], max: samples.at(-1) });
  console.log(`\n## Zero-downtime\n\n${section}`);
  writeResults(section);
  console.log(`\n(written into ${path.relative(process.cwd(), RESULTS)})`);
  if (!targets(b).met) process.exitCode = 1;
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
