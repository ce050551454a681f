// The PostgreSQL server the benchmarks use: a fresh database per run (created and dropped here, untimed).
// GATI_BENCH_PG_URL names the server and a database to connect to for CREATE DATABASE (default: the local
// server as the tests use it).
const { Client } = require('pg');

const ADMIN_URL = process.env.GATI_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let counter = 0;
/** The databases created and not yet dropped: dropped on Ctrl-C too (see dropLeftovers). */
const created = new Set();

/** The URL of `database` on the same server. */
function databaseUrl(database) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(statement) {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Whether the server answers; the reason when it does not. */
async function reachable() {
  try {
    const { rows } = await admin('select version() as version');
    return { ok: true, version: rows[0].version };
  } catch (error) {
    return { ok: false, reason: error.message };
  }
}

/** Creates an empty database with a unique name; returns its name and URL. */
async function createDatabase(prefix) {
  counter += 1;
  const name = `gati_bench_${prefix}_${process.pid}_${counter}`;
  await admin(`CREATE DATABASE ${name}`);
  created.add(name);
  return { name, url: databaseUrl(name) };
}

async function dropDatabase(name) {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  created.delete(name);
}

/** Drops what an interrupted run left behind. */
async function dropLeftovers() {
  for (const name of [...created]) await dropDatabase(name).catch(() => undefined);
}

/** How many tables named like `pattern` the database at `url` has (to check that a run did its work). */
async function countTables(url, pattern) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name like $1",
      [pattern],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

module.exports = { ADMIN_URL, reachable, createDatabase, dropDatabase, dropLeftovers, databaseUrl, countTables };
