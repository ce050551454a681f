/**
 * PostgreSQL transactions in fewer round trips (PipelinedPostgresDialect): `begin` goes with the first statement
 * and the statement marked SENT_WITH_COMMIT with the `commit`, and a transaction still commits all or nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { SENT_WITH_COMMIT } from '@gati-framework/migrations';
import { usePostgresDatabase } from './postgresql-test-database';

/** Each statement the pg client is handed, with how many earlier ones were still unanswered at that moment. */
function recordStatements(): { statements: { sql: string; unanswered: number }[]; restore: () => void } {
  const statements: { sql: string; unanswered: number }[] = [];
  const query = Client.prototype.query;
  let unanswered = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : '';
    statements.push({ sql: text.replace(/\s+/g, ' ').trim(), unanswered });
    unanswered++;
    const result = (query as (...a: unknown[]) => unknown).apply(this, args);
    const done = () => unanswered--;
    if (result instanceof Promise) result.then(done, done);
    return result;
  } as typeof query;
  return { statements, restore: () => (Client.prototype.query = query) };
}

describe('postgresql pipelined transactions', () => {
  const database = usePostgresDatabase();

  const tableExists = async (name: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename = ${name}`.execute(database.db)).rows[0]!.n === 1;

  beforeAll(async () => {
    if (!database.available) return;
    await sql`create table pipelined_log (id int primary key)`.execute(database.db);
  });

  it('sends begin with the first statement and the marked row with the commit, and commits both', async () => {
    if (!database.available) return;
    const recorder = recordStatements();
    try {
      await database.db.transaction().execute(async (trx) => {
        await sql`create table pipelined_a (id int)`.execute(trx);
        await sql`insert into pipelined_log values (1) ${sql.raw(SENT_WITH_COMMIT)}`.execute(trx);
      });
    } finally {
      recorder.restore();
    }
    const sent = recorder.statements.map((s) => [s.sql, s.unanswered]);
    expect(sent).toEqual([
      ['begin', 0],
      ['create table pipelined_a (id int)', 1],
      [`insert into pipelined_log values (1) ${SENT_WITH_COMMIT}`, 0],
      ['commit', 1],
    ]);
    expect(await tableExists('pipelined_a')).toBe(true);
    expect((await sql`select id from pipelined_log`.execute(database.db)).rows).toEqual([{ id: 1 }]);
  });

  it('rolls the whole transaction back when the row sent with the commit fails, and says why', async () => {
    if (!database.available) return;
    const run = database.db.transaction().execute(async (trx) => {
      await sql`create table pipelined_b (id int)`.execute(trx);
      await sql`insert into pipelined_log values (1) ${sql.raw(SENT_WITH_COMMIT)}`.execute(trx); // a duplicate key
    });
    await expect(run).rejects.toThrow(/duplicate key/);
    expect(await tableExists('pipelined_b')).toBe(false);
    // The connection is usable afterwards, outside any transaction.
    await sql`insert into pipelined_log values (2)`.execute(database.db);
    expect((await sql`select count(*)::int as n from pipelined_log`.execute(database.db)).rows).toEqual([{ n: 2 }]);
  });

  it('rolls back when the first statement fails, and a transaction with no statement sends nothing', async () => {
    if (!database.available) return;
    const failing = database.db.transaction().execute(async (trx) => {
      await sql`create table pipelined_c (id int, id int)`.execute(trx);
    });
    await expect(failing).rejects.toThrow(/specified more than once/);
    const recorder = recordStatements();
    try {
      await database.db.transaction().execute(async () => undefined);
    } finally {
      recorder.restore();
    }
    expect(recorder.statements).toEqual([]);
  });

  it('runs a marked statement outside a transaction at once', async () => {
    if (!database.available) return;
    await sql`insert into pipelined_log values (3) ${sql.raw(SENT_WITH_COMMIT)}`.execute(database.db);
    expect((await sql`select count(*)::int as n from pipelined_log where id = 3`.execute(database.db)).rows).toEqual([{ n: 1 }]);
  });

  it("connects without loading fetch for pg's Cloudflare probe, and leaves no navigator behind (the built adapter, in a process of its own)", () => {
    if (!database.available) return;
    const script = `
      const { Kysely, sql } = require('kysely');
      const { postgresqlAdapter } = require('@gati-framework/migrations-adapters/postgresql');
      (async () => {
        const db = new Kysely({ dialect: postgresqlAdapter.createDialect({ url: process.argv[1] }) });
        await sql\`select 1\`.execute(db);
        await db.destroy();
        const fetchLoaded = process.moduleLoadList.some((m) => m.includes('undici'));
        console.log(JSON.stringify({ navigator: typeof globalThis.navigator, fetchLoaded }));
      })();`;
    const result = spawnSync(process.execPath, ['-e', script, database.url], {
      cwd: path.resolve(__dirname, '../../../..'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as { navigator: string; fetchLoaded: boolean };
    // Node 21+ has a navigator of its own (and no probe to skip); Node 20 has none, before and after.
    if (!process.versions.node.startsWith('20.')) return;
    expect(seen).toEqual({ navigator: 'undefined', fetchLoaded: false });
  });
});
