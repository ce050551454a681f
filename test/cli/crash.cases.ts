/**
 * Runs killed with SIGKILL (kill -9) in the middle of a migration, through the built `gati` binary on the real
 * servers: `migrate:status` says the migration is `unknown` and where the run died; a hand-written one waits for
 * `migrate:repair NAME --applied | --rolled-back` (`up` and `down` refuse until then); a generated one is finished
 * by a plain `up`, which checks each statement of the killed step against the catalog first (MariaDB); and on
 * PostgreSQL an index whose `CREATE INDEX CONCURRENTLY` the server went on building after the kill is kept.
 */
import { Client } from 'pg';
import mysql from 'mysql2/promise';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../support/test-databases';
import { type Project, type RunOptions, expectCleanFailure, expectSuccess, spawnGati, withProject } from './cli-harness';

async function mysqlQuery(url: string, text: string): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection(url);
  try {
    return (await conn.query(text))[0] as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

async function pgQuery(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Polls `found` every 20 ms until it is true, for up to `ms`. */
async function waitFor(found: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await found())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A hand-written migration that kills its own process (kill -9) between its statements when told to. */
const KILLED_BY_HAND = `import { defineMigration, type Kysely } from '@gati-framework/migrations';

export default defineMigration({
  version: '2024-03-01T00:00:00Z',
  up: async (db: Kysely<any>) => {
    await db.schema.createTable('audit').addColumn('id', 'integer', (col) => col.primaryKey()).addColumn('note', 'varchar(64)').execute();
    await db.insertInto('audit').values({ id: 1, note: 'first' }).execute();
    if (process.env.GATI_TEST_KILL === '1') process.kill(process.pid, 'SIGKILL');
    await db.schema.createIndex('audit_note_idx').on('audit').column('note').execute();
  },
  down: async (db: Kysely<any>) => {
    await db.schema.dropTable('audit').execute();
  },
});
`;

const NAME = '20240301000000_audit';

/** A chain of gati processes on a loaded machine, plus the builds it waits for. */
const LONG = 300_000;

async function statusOf(project: Project, url: string): Promise<any> {
  return (await project.gatiJson('migrate:status', '--url', url)).json;
}

it.concurrent(
  'crash: mysql, a hand-written migration killed between its statements is unknown until repair marks it',
  async () => {
    if (!(await serverAvailable('mysql'))) return;
    const database = await createMysqlDatabase();
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        const killing = { env: { DATABASE_URL: database.url, GATI_TEST_KILL: '1' } };
        project.write(`migrations/${NAME}.ts`, KILLED_BY_HAND);

        const killed = await project.gatiWith(killing, 'migrate:up');
        expect(killed.status).toBeNull(); // killed by its signal
        expect(await mysqlQuery(database.url, 'SELECT id FROM audit')).toEqual([{ id: 1 }]);

        const status = await statusOf(project, database.url);
        expect(status.migrations[0]).toEqual(
          expect.objectContaining({
            name: NAME,
            state: 'unknown',
            interrupted: expect.objectContaining({ direction: 'up', stepNumber: 1, statementsDone: 2, resolvedBy: 'repair' }),
          }),
        );
        expect(status.migrations[0].failure).toBeUndefined();
        expect(status.counts.unknown).toBe(1);
        expect(status.lockHeld).toBe(false);
        const text = await project.gatiWith(env, 'migrate:status', '--check');
        expect(text.status).toBe(1);
        expect(text.stdout).toMatch(new RegExp(`unknown\\s+2024-03-01T00:00:00Z\\s+${NAME}`));
        expect(text.stdout).toContain(
          `${NAME}: its up was killed, after 2 of its statements completed; whether the next one took effect is unknown.`,
        );
        expect(text.stdout).toContain(`gati migrate:repair ${NAME} --applied`);

        // Neither up nor down guesses: both refuse, and change nothing.
        const up = expectCleanFailure(await project.gatiWith(env, 'migrate:up'), 1);
        expect(up).toContain(`gati migrate:repair ${NAME} --applied (or --rolled-back)`);
        const upJson = await project.gatiJson('migrate:up', '--url', database.url);
        expect(upJson.json.error.code).toBe('MIGRATION_STATE_UNKNOWN');
        expectCleanFailure(await project.gatiWith(env, 'migrate:down'), 1);
        expect(await mysqlQuery(database.url, 'SELECT id FROM audit')).toEqual([{ id: 1 }]);

        // Bad repairs: conflicting flags, a migration that does not exist.
        expectCleanFailure(await project.gatiWith(env, 'migrate:repair', NAME, '--applied', '--rolled-back'), 2);
        expectCleanFailure(await project.gatiWith(env, 'migrate:repair', NAME, '--applied', '--forget-missing'), 2);
        const nope = await project.gatiJson('migrate:repair', '20990101000000_nope', '--applied', '--url', database.url);
        expect(nope.result.status).toBe(2);
        expect(nope.json.error).toEqual(expect.objectContaining({ code: 'MIGRATION_NOT_FOUND' }));
        expect((await statusOf(project, database.url)).migrations[0].state).toBe('unknown');

        // The user finishes it by hand, and says so.
        await mysqlQuery(database.url, 'CREATE INDEX audit_note_idx ON audit (note)');
        const marked = expectSuccess(await project.gatiWith(env, 'migrate:repair', NAME, '--applied'));
        expect(marked.stdout).toContain(`Marked ${NAME} applied (it was unknown)`);
        expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
        const history = expectSuccess(await project.gatiWith(env, 'migrate:status', '--history')).stdout;
        // The killed run is shown as interrupted once a later run (the repair) followed it; it stays `running` as stored.
        expect(history).toMatch(new RegExp(`${NAME}\\s+up\\s+interrupted`));
        expect(history).toMatch(new RegExp(`${NAME}\\s+repair\\s+applied`));
        expectSuccess(await project.gatiWith(env, 'migrate:down'));
        expect(await mysqlQuery(database.url, "SHOW TABLES LIKE 'audit'")).toEqual([]);

        // Killed again; this time the user undoes it, marks it rolled back, and a plain up applies it whole.
        expect((await project.gatiWith(killing, 'migrate:up')).status).toBeNull();
        await mysqlQuery(database.url, 'DROP TABLE audit');
        expect(expectSuccess(await project.gatiWith(env, 'migrate:repair', NAME, '--rolled-back')).stdout).toContain(
          `Marked ${NAME} rolled back (pending) (it was unknown)`,
        );
        expect((await statusOf(project, database.url)).migrations[0].state).toBe('pending');
        expectSuccess(await project.gatiWith(env, 'migrate:up'));
        expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
        expect(await mysqlQuery(database.url, "SHOW INDEX FROM audit WHERE Key_name = 'audit_note_idx'")).toHaveLength(1);
      });
    } finally {
      await database.drop();
    }
  },
  LONG,
);

const PRODUCT_V1 = 'export interface Product {\n  id: string;\n  sku: string;\n}\n';
const PRODUCT_V2 = 'export interface Product {\n  id: string;\n  /** @unique */\n  sku: string;\n  note?: string;\n}\n';

/**
 * A products table applied and seeded by `seed`, then a generated migration (not yet applied) that adds a note and
 * makes sku unique: its index build is what the kill tests interrupt. Returns the migration's name.
 */
async function pendingUniqueSku(project: Project, env: RunOptions, seed: () => Promise<unknown>): Promise<string> {
  project.entity('product.ts', PRODUCT_V1);
  expectSuccess(await project.gatiWith(env, 'migrate:generate', 'create_products', '--version', '2024-01-01T00:00:00Z'));
  expectSuccess(await project.gatiWith(env, 'migrate:up'));
  await seed();
  project.entity('product.ts', PRODUCT_V2);
  expectSuccess(await project.gatiWith(env, 'migrate:generate', 'note_and_unique_sku', '--version', '2024-02-01T00:00:00Z'));
  return project.migrationFile('note_and_unique_sku').replace(/^migrations[\\/]|\.ts$/g, '');
}

it.concurrent(
  'crash: mysql, a generated migration killed while the server builds an index is finished by a plain up',
  async () => {
    if (!(await serverAvailable('mysql'))) return;
    const database = await createMysqlDatabase();
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        // Enough rows that the index takes a moment to build: the kill lands while the server builds it.
        const name = await pendingUniqueSku(project, env, () =>
          mysqlQuery(database.url, "INSERT INTO products (id, sku) SELECT CONCAT('p', seq), CONCAT('s', seq) FROM seq_1_to_600000"),
        );

        const building =
          "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'create unique index%' AND DB = DATABASE() AND ID <> CONNECTION_ID()";
        const run = spawnGati(project.dir, ['migrate:up'], env);
        await waitFor(async () => (await mysqlQuery(database.url, building)).length > 0, 100_000, 'the index build');
        run.child.kill('SIGKILL');
        expect((await run.done).signal).toBe('SIGKILL');
        // The server finishes the statement its client no longer waits for.
        await waitFor(async () => (await mysqlQuery(database.url, building)).length === 0, 100_000, 'the build to end');

        const status = await statusOf(project, database.url);
        const entry = status.migrations.find((m: { name: string }) => m.name === name);
        expect(entry).toEqual(
          expect.objectContaining({
            state: 'unknown',
            interrupted: expect.objectContaining({
              direction: 'up',
              stepNumber: 2,
              stepsTotal: 2,
              stepsApplied: 1,
              statementsDone: 0,
              resolvedBy: 'up',
            }),
          }),
        );
        const text = (await project.gatiWith(env, 'migrate:status')).stdout;
        expect(text).toContain(`${name}: its up was killed in step 2 of 2 (create unique index products_sku_key on products (sku))`);
        expect(text).toContain('gati migrate:up finishes it, checking each statement of that step against the database first');

        const finished = expectSuccess(await project.gatiWith(env, 'migrate:up'));
        expect(finished.stderr).toContain(`${name}: an earlier run was killed in step 2 of 2`);
        expect(finished.stdout).toContain(`Applied ${name}`);
        expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
        expect(await mysqlQuery(database.url, "SHOW INDEX FROM products WHERE Key_name = 'products_sku_key'")).toHaveLength(1);
        // And it rolls back like any applied migration.
        expectSuccess(await project.gatiWith(env, 'migrate:down'));
        expect(await mysqlQuery(database.url, "SHOW INDEX FROM products WHERE Key_name = 'products_sku_key'")).toHaveLength(0);
      });
    } finally {
      await database.drop();
    }
  },
  LONG,
);

it.concurrent(
  'crash: postgresql, up after a kill -9 during CREATE INDEX CONCURRENTLY keeps the index the server finished',
  async () => {
    if (!(await serverAvailable('postgresql'))) return;
    const database = await createPostgresDatabase();
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        const name = await pendingUniqueSku(project, env, () =>
          pgQuery(database.url, "INSERT INTO products (id, sku) SELECT 'p' || i, 's' || i FROM generate_series(1, 1500000) AS i"),
        );

        const building =
          "SELECT pid FROM pg_stat_activity WHERE query ILIKE 'CREATE UNIQUE INDEX CONCURRENTLY%' AND datname = current_database()";
        const run = spawnGati(project.dir, ['migrate:up'], env);
        await waitFor(async () => (await pgQuery(database.url, building)).length > 0, 100_000, 'the index build');
        const index =
          "SELECT c.oid::text AS oid, i.indisvalid AS valid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.relname = 'products_sku_key'";
        await waitFor(async () => (await pgQuery(database.url, index)).length > 0, 100_000, 'the index to appear');
        run.child.kill('SIGKILL');
        expect((await run.done).signal).toBe('SIGKILL');
        const [during] = await pgQuery(database.url, index);

        const status = await statusOf(project, database.url);
        expect(status.migrations.find((m: { name: string }) => m.name === name)).toEqual(
          expect.objectContaining({ state: 'unknown', interrupted: expect.objectContaining({ stepNumber: 2, resolvedBy: 'up' }) }),
        );

        // Right away, while the server still builds it: up waits for the build (retrying the deadlock or lock
        // timeout it meets), then keeps the index rather than dropping and building it again.
        const finished = expectSuccess(await project.gatiWith(env, 'migrate:up'));
        expect(finished.stdout).toContain(`Applied ${name}`);
        expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
        const [after] = await pgQuery(database.url, index);
        expect(after).toEqual({ oid: during!.oid, valid: true });
      });
    } finally {
      await database.drop();
    }
  },
  LONG,
);

it.concurrent(
  'crash: postgresql, a migration killed inside its transaction is honestly pending, and up applies it whole',
  async () => {
    if (!(await serverAvailable('postgresql'))) return;
    const database = await createPostgresDatabase();
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        project.write(`migrations/${NAME}.ts`, KILLED_BY_HAND);
        expect((await project.gatiWith({ env: { DATABASE_URL: database.url, GATI_TEST_KILL: '1' } }, 'migrate:up')).status).toBeNull();
        // The transaction rolled back: nothing of it is in effect, and status says exactly that.
        expect(await pgQuery(database.url, "SELECT to_regclass('audit')::text AS t")).toEqual([{ t: null }]);
        expect((await statusOf(project, database.url)).migrations[0]).toEqual(expect.objectContaining({ name: NAME, state: 'pending' }));
        expectSuccess(await project.gatiWith(env, 'migrate:up'));
        expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
        expect(await pgQuery(database.url, 'SELECT id FROM audit')).toEqual([{ id: 1 }]);
      });
    } finally {
      await database.drop();
    }
  },
  LONG,
);

/** Ten new columns, four of them indexed: one generated migration of fourteen steps on MySQL. */
const WIDE_V2 =
  'export interface Product {\n  id: string;\n  sku: string;\n' +
  Array.from({ length: 10 }, (_, i) => `${i < 4 ? '  /** @index */\n' : ''}  extra${i}?: string;\n`).join('') +
  '}\n';

it.concurrent(
  'crash: mysql, a generated migration killed at five random moments is finished by a plain up',
  async () => {
    if (!(await serverAvailable('mysql'))) return;
    const database = await createMysqlDatabase();
    try {
      await withProject(async (project) => {
        const env = { env: { DATABASE_URL: database.url } };
        project.entity('product.ts', PRODUCT_V1);
        expectSuccess(await project.gatiWith(env, 'migrate:generate', 'create_products', '--version', '2024-01-01T00:00:00Z'));
        expectSuccess(await project.gatiWith(env, 'migrate:up'));
        await mysqlQuery(database.url, "INSERT INTO products (id, sku) SELECT CONCAT('p', seq), CONCAT('s', seq) FROM seq_1_to_200000");
        project.entity('product.ts', WIDE_V2);
        expectSuccess(await project.gatiWith(env, 'migrate:generate', 'wide', '--version', '2024-02-01T00:00:00Z'));

        const running = "SELECT failed_step_number AS step FROM gati_migrations_history WHERE outcome = 'running'";
        let killedAt = 0;
        for (let kill = 0; kill < 5; kill++) {
          const run = spawnGati(project.dir, ['migrate:up'], env);
          // Somewhere after the step the last kill stopped in, plus a random moment inside a step.
          const target = killedAt + 1 + Math.floor(Math.random() * 2);
          const reached = async () => {
            const rows = await mysqlQuery(database.url, running).catch(() => []);
            return rows.some((r) => Number(r.step) >= target);
          };
          await waitFor(async () => (await reached()) || run.child.exitCode !== null, 100_000, `step ${target}`);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
          run.child.kill('SIGKILL');
          const ended = await run.done;
          if (ended.signal !== 'SIGKILL') break; // it finished first
          const rows = await mysqlQuery(database.url, running);
          killedAt = Math.max(killedAt, ...rows.map((r) => Number(r.step ?? 0)));
          // Let the server finish a statement its client no longer waits for.
          await waitFor(
            async () =>
              (
                await mysqlQuery(
                  database.url,
                  "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Query' AND ID <> CONNECTION_ID()",
                )
              ).length === 0,
            100_000,
            'the statements of the killed run',
          );
        }

        expectSuccess(await project.gatiWith(env, 'migrate:up'));
        expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
        const columns = await mysqlQuery(
          database.url,
          "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'products'",
        );
        expect(columns).toHaveLength(12);
        const indexes = await mysqlQuery(
          database.url,
          "SELECT DISTINCT INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'products' AND INDEX_NAME <> 'PRIMARY'",
        );
        expect(indexes).toHaveLength(4);
      });
    } finally {
      await database.drop();
    }
  },
  LONG,
);
