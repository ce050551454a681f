#!/usr/bin/env node
// Zero-downtime on PostgreSQL, for real: `users.age` changes from text (v1 of the /users handler) to a number (v2).
// `gati migrate:up` expands the change while v1 goes on serving; v2 then serves through `versionedKysely` next to
// v1, each seeing age in its own shape; `migrate:complete` refuses while Gati's Timescape registry still lists v1
// as active, and contracts once v1 is retired; v2 then serves alone. Every request prints what it read or wrote.
//
// The server is found as the tests find it (GATI_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test); the
// demo creates a database of its own there and drops it at the end.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { Kysely, PostgresDialect } = require('kysely');
const { Client, Pool } = require('pg');
const { versionedKysely } = require('@gati-framework/migrations/runtime');
const { postgresqlAdapter } = require('@gati-framework/migrations-adapters/postgresql');

const here = __dirname;
const gatiBin = require.resolve('@gati-framework/cli/bin/run.js');
const registryFile = path.join(here, '.gati', 'timescape', 'registry.json');
const SERVER_URL = process.env.GATI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = `gati_example_zero_downtime_${process.pid}`;
const V1 = 'tsv:1705312800-users-001';
const V2 = 'tsv:1707991200-users-002';
const SEED_ROWS = 20_000;

const databaseUrl = (() => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function heading(text) {
  console.log(`\n=== ${text}`);
}

/** Runs the gati CLI as a user would, in this folder; resolves with its output (and exit status). */
function gati(...args) {
  console.log(`$ gati ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [gatiBin, ...args], {
      cwd: here,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) =>
      process.stdout.write(`  ${chunk}`.replace(/\n(?=.)/g, '\n  ')),
    );
    child.on('close', (status) => {
      const trimmed = output.trimEnd();
      if (trimmed) console.log(trimmed.replace(/^/gm, '  '));
      resolve({ status, output });
    });
  });
}

async function gatiOk(...args) {
  const result = await gati(...args);
  if (result.status !== 0) throw new Error(`gati ${args.join(' ')} exited ${result.status}`);
  return result;
}

function useEntityVersion(version) {
  fs.mkdirSync(path.join(here, 'src', 'entities'), { recursive: true });
  fs.copyFileSync(
    path.join(here, 'versions', version, 'user.ts'),
    path.join(here, 'src', 'entities', 'user.ts'),
  );
  console.log(`(src/entities/user.ts is now versions/${version}/user.ts)`);
}

/**
 * What Gati's Timescape writes to .gati/timescape/registry.json: the /users handler's versions and the versions it
 * serves (`activeVersions`); a retired version moves to `coldVersions`.
 */
function writeRegistry(active, note) {
  const all = active.includes(V2) ? [V1, V2] : [V1]; // v2 is deployed after v1, and stays
  const versions = all.map((tsv) => ({
    tsv,
    timestamp: Number(/^tsv:(\d+)-/.exec(tsv)[1]),
    hash: `sha256:${tsv.slice(-3)}`,
    status: active.includes(tsv) ? 'hot' : 'cold',
    requestCount: 0,
    lastAccessed: Number(/^tsv:(\d+)-/.exec(tsv)[1]),
    tags: tsv === active.at(-1) ? ['stable'] : [],
  }));
  const registry = {
    handlers: { '/users': { handlerPath: '/users', versions } },
    tags: {
      stable: { label: 'stable', tsv: active.at(-1), createdAt: Date.now(), createdBy: 'deploy' },
    },
    activeVersions: active,
    coldVersions: all.filter((v) => !active.includes(v)),
    modules: {},
    schemas: {},
    routes: {},
    events: {},
    effects: {},
    config: {},
  };
  fs.mkdirSync(path.dirname(registryFile), { recursive: true });
  fs.writeFileSync(registryFile, `${JSON.stringify(registry, null, 2)}\n`);
  console.log(
    `(Gati's Timescape: ${note}; activeVersions ${JSON.stringify(active)} in .gati/timescape/registry.json)`,
  );
}

/** A handler of one version: create a user, read one back. `db` is that version's Kysely. */
function handler(label, db, makeAge) {
  return {
    label,
    db,
    async create(id, name) {
      const user = { id, name, age: makeAge() };
      await db.insertInto('users').values(user).execute();
      console.log(`  ${label} wrote ${JSON.stringify(user)}`);
    },
    async read(id) {
      const row = await db
        .selectFrom('users')
        .select(['id', 'name', 'age'])
        .where('id', '=', id)
        .executeTakeFirst();
      console.log(`  ${label} read  ${JSON.stringify(row)} (age is a ${typeof row?.age})`);
      return row;
    },
    async birthday(id) {
      const row = await db
        .selectFrom('users')
        .select('age')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const age = typeof row.age === 'number' ? row.age + 1 : String(Number(row.age) + 1);
      await db.updateTable('users').set({ age }).where('id', '=', id).execute();
      console.log(`  ${label} wrote age ${JSON.stringify(age)} for user ${id} (a birthday)`);
    },
  };
}

async function reachable() {
  const client = new Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error.message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(statement) {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function showColumns(label) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position",
    );
    console.log(
      `${label}: public.users(${rows.map((r) => `${r.column_name} ${r.data_type}`).join(', ')})`,
    );
  } finally {
    await client.end();
  }
}

async function demo() {
  for (const dir of ['migrations', 'src', '.gati'])
    fs.rmSync(path.join(here, dir), { recursive: true, force: true });

  heading(`v1 (${V1}) is live: users.age is text`);
  writeRegistry([V1], `deployed ${V1}`);
  useEntityVersion('v1');
  await gatiOk('migrate:generate', '--version', V1);
  await gatiOk('migrate:up');
  const seed = new Pool({ connectionString: databaseUrl, max: 1 });
  await seed.query(
    `INSERT INTO users (id, name, age) SELECT g, 'user ' || g, (g % 60 + 18)::text FROM generate_series(1, ${SEED_ROWS}) AS g`,
  );
  await seed.end();
  console.log(`(${SEED_ROWS} users in the table)`);
  // v1 connects as it always did: no helper, the tables in public.
  const v1 = handler(
    'v1',
    new Kysely({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: databaseUrl, max: 2 }) }),
    }),
    () => String(20 + Math.floor(Math.random() * 50)),
  );
  let nextId = SEED_ROWS;
  await v1.create(++nextId, 'Ada');
  await v1.read(nextId);

  heading(
    `v2 (${V2}) is deployed next to v1 (canary): age becomes a number, as a zero-downtime migration`,
  );
  writeRegistry([V1, V2], `deployed ${V2} next to ${V1}`);
  useEntityVersion('v2');
  await gatiOk('migrate:generate', '--zero-downtime', '--version', V2);

  heading('gati migrate:up expands while v1 serves requests');
  let expanded = false;
  const up = gati('migrate:up').then((result) => ((expanded = true), result));
  let during = 0;
  while (!expanded) {
    await v1.create(++nextId, `during-expand-${++during}`);
    await v1.birthday(1 + Math.floor(Math.random() * SEED_ROWS));
    await sleep(400);
  }
  if ((await up).status !== 0) throw new Error('gati migrate:up exited non-zero');
  await showColumns('After the expand');

  heading('Both versions serve at once: each sees age in its own shape');
  // Timescape starts v2's handlers once the expand is done; `versionedKysely` binds them to v2's schema of views.
  const v2 = handler(
    'v2',
    await versionedKysely({
      adapter: postgresqlAdapter,
      connection: { url: databaseUrl },
      version: V2,
    }),
    () => 20 + Math.floor(Math.random() * 50),
  );
  await v2.read(SEED_ROWS + 1); // written by v1 before the expand
  await v1.create(++nextId, 'Grace');
  await v2.read(nextId); // written by v1 during the expand: converted by the trigger
  await v2.create(++nextId, 'Linus');
  await v1.read(nextId); // written by v2: converted back for v1
  await v2.birthday(SEED_ROWS + 1);
  await v1.read(SEED_ROWS + 1);
  await gatiOk('migrate:status');

  heading('migrate:complete waits while the registry still lists v1 as active');
  const refused = await gati('migrate:complete');
  console.log(`(exit ${refused.status}: nothing contracted; v1 still serves)`);
  await v1.read(SEED_ROWS + 1);

  heading('Timescape retires v1; then migrate:complete contracts');
  await v1.db.destroy();
  writeRegistry([V2], `retired ${V1}`);
  await gatiOk('migrate:complete');
  await showColumns('After the contract');

  heading(
    'v2 alone, on the contracted table (same connections, through its schema of views, which the contract keeps)',
  );
  await v2.read(SEED_ROWS + 1);
  await v2.create(++nextId, 'Barbara');
  await v2.read(nextId);
  await v2.db.destroy();
  await gatiOk('migrate:status');
}

async function main() {
  const unreachable = await reachable();
  if (unreachable) {
    console.log(
      `The zero-downtime example needs PostgreSQL: no server at ${SERVER_URL} (${unreachable}); set GATI_TEST_PG_URL.`,
    );
    process.exit(1);
  }
  await admin(`CREATE DATABASE ${DATABASE}`);
  console.log(`(created database ${DATABASE}; dropped at the end)`);
  try {
    await demo();
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    console.log(`\n(dropped database ${DATABASE})`);
  }
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
