import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { StatementTracker, trackStatements } from '../../src/runner/statement-tracker';

/**
 * The StatementTracker on a real (in-memory SQLite) database, on one held connection as the runner runs steps:
 * what it leaves out when a step is run again after a kill, what it reports as each statement that changes
 * something completes, and that the runner's own queries in its callbacks run at once (on Kysely's queue they
 * would wait forever).
 */
describe('StatementTracker', () => {
  let db: Kysely<any>;
  let tracker: StatementTracker;
  beforeEach(async () => {
    tracker = new StatementTracker();
    db = new Kysely<any>({ dialect: trackStatements(new SqliteDialect({ database: new Database(':memory:') }), tracker) });
    await sql`CREATE TABLE log (n integer)`.execute(db);
    await sql`CREATE TABLE progress (n integer)`.execute(db);
  });
  afterEach(() => db.destroy());

  const step = async (conn: Kysely<any>) => {
    await sql`INSERT INTO log VALUES (1)`.execute(conn);
    const { rows } = await sql<{ c: number }>`SELECT count(*) AS c FROM log`.execute(conn);
    await sql`INSERT INTO log VALUES (${rows[0]!.c + 10})`.execute(conn);
    await sql`INSERT INTO log VALUES (3)`.execute(conn);
  };
  const log = async () => (await sql<{ n: number }>`SELECT n FROM log ORDER BY rowid`.execute(db)).rows.map((r) => r.n);

  it('skips the completed statements but still runs the reads among them, and counts every statement', async () => {
    await sql`INSERT INTO log VALUES (1)`.execute(db); // what the killed run did
    const completed = await db.connection().execute(async (conn) => {
      tracker.begin({ skip: 2 });
      await step(conn);
      return tracker.end();
    });
    expect(completed).toBe(4);
    // The read ran (count 1 → 11), the first insert was not sent again.
    expect(await log()).toEqual([1, 11, 3]);
  });

  it('records progress and postchecks on the held connection, and postchecks until a statement had not taken effect', async () => {
    const asked: string[] = [];
    await db.connection().execute(async (conn) => {
      tracker.begin({
        postcheck: async (direct, query) => {
          asked.push(query.sql);
          const { rows } = await sql<{ c: number }>`SELECT count(*) AS c FROM log`.execute(direct);
          return query.sql.startsWith('INSERT INTO log VALUES (1)') && rows[0]!.c === 0 ? true : false;
        },
        onCompleted: async (direct, n) => {
          await sql`INSERT INTO progress VALUES (${n})`.execute(direct);
        },
      });
      await step(conn);
      tracker.end();
    });
    // The first insert "took effect" (left out), the second did not: from there on, nothing is asked.
    expect(asked).toEqual(['INSERT INTO log VALUES (1)', 'INSERT INTO log VALUES (?)']);
    expect(await log()).toEqual([10, 3]);
    const progress = (await sql<{ n: number }>`SELECT n FROM progress ORDER BY rowid`.execute(db)).rows.map((r) => r.n);
    // Reported as each statement that changes something completes (the read in second place is not one).
    expect(progress).toEqual([1, 3, 4]);
  });

  it('counts up to the last statement that changed something: a step that failed after only reading left nothing', async () => {
    const failedAfter = async (work: (conn: Kysely<any>) => Promise<void>) =>
      db.connection().execute(async (conn) => {
        tracker.begin();
        await work(conn).catch(() => undefined);
        return tracker.end();
      });
    const check = (conn: Kysely<any>) => sql`SELECT count(*) AS c FROM log`.execute(conn);
    expect(
      await failedAfter(async (conn) => {
        await check(conn);
        throw new Error('1 row does not convert');
      }),
    ).toBe(0);
    expect(
      await failedAfter(async (conn) => {
        await sql`INSERT INTO log VALUES (1)`.execute(conn);
        await check(conn);
        await check(conn);
        throw new Error('1 row does not convert');
      }),
    ).toBe(1);
    // A rerun that skips that one statement sends the reads after it again: nothing is lost by not counting them.
    expect(
      await db.connection().execute(async (conn) => {
        tracker.begin({ skip: 1 });
        await sql`INSERT INTO log VALUES (1)`.execute(conn);
        const { rows } = await sql<{ c: number }>`SELECT count(*) AS c FROM log`.execute(conn);
        await sql`INSERT INTO log VALUES (${rows[0]!.c + 10})`.execute(conn);
        return tracker.end();
      }),
    ).toBe(3);
    expect(await log()).toEqual([1, 11]);
  });
});
