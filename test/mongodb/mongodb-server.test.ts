/**
 * The MongoDB acceptance scenarios of issue 14 on a real server, through the built `gati` binary: create a
 * collection with a validator and a unique index; generate again finds nothing; rename a field and back;
 * `age: string -> number` with an unconvertible value reported; a throwing step, then resume; two concurrent
 * `up`s; an edited applied file reported as modified; a crashed holder's lock lease expires.
 *
 * Runs only when GATI_TEST_MONGODB_URL points at a MongoDB 6.0+ server (a replica set or a standalone server;
 * `mongodb://localhost:27017/?replicaSet=rs0`): each scenario works in a database of its own, dropped at the end.
 * No MongoDB server exists on this project's machines or in its CI, so there it prints one line and skips.
 */
import { type Db, MongoClient } from 'mongodb';
import { type CliResult, type Project, expectCleanFailure, expectSuccess, show, withProject } from '../cli/cli-harness';

const BASE_URL = process.env.GATI_TEST_MONGODB_URL;
jest.setTimeout(180_000);

if (!BASE_URL) process.stdout.write('SKIPPED mongodb server tests: GATI_TEST_MONGODB_URL is not set\n');
const describeWithServer = BASE_URL ? describe : describe.skip;

/** The server URL with `database` as its database (the path), its options kept. */
function urlFor(database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/i.exec(BASE_URL!);
  if (!match) throw new Error('GATI_TEST_MONGODB_URL is not a mongodb:// URL');
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

interface MongoProject {
  readonly project: Project;
  readonly db: Db;
  gati(...args: string[]): Promise<CliResult>;
  gatiJson<T = any>(...args: string[]): Promise<{ result: CliResult; json: T }>;
}

/** A throw-away project on a database of its own (unique per run), dropped afterwards whatever happens. */
async function withMongoProject(work: (p: MongoProject) => Promise<void>): Promise<void> {
  const database = `gati_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const url = urlFor(database);
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(database);
  try {
    await withProject(async (project) => {
      const env = { env: { DATABASE_URL: url } };
      await work({
        project,
        db,
        gati: (...args) => project.gatiWith(env, ...args),
        gatiJson: async (...args) => {
          const result = await project.gatiWith(env, ...args, '--json');
          try {
            return { result, json: JSON.parse(result.stdout) };
          } catch {
            throw new Error(`not one JSON document:\n${show(result)}`);
          }
        },
      });
    });
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

function file(version: string, steps: string): string {
  return `import { defineMongoMigration } from '@gati-framework/migrations-adapters/mongodb';

export default defineMongoMigration({
  version: '${version}',
  steps: [${steps}],
});
`;
}

const CREATE_USERS = file(
  '2026-12-01T10:00:00Z',
  `
    {
      name: 'create collection users',
      up: async (db, ctx) => {
        await db.createCollection('users', {
          validator: { $jsonSchema: { bsonType: 'object', required: ['_id', 'email'], properties: { email: { bsonType: 'string' } } } },
          session: ctx.session,
        });
      },
      down: async (db, ctx) => {
        await db.collection('users').drop({ session: ctx.session });
      },
    },
    {
      name: 'create index users.email',
      up: async (db, ctx) => {
        await db.collection('users').createIndex({ email: 1 }, { unique: true, session: ctx.session });
      },
      down: async (db, ctx) => {
        await db.collection('users').dropIndex('email_1', { session: ctx.session });
      },
    },
  `,
);

const RENAME_MAIL = file(
  '2026-12-02T10:00:00Z',
  `
    {
      name: 'rename people.mail to people.email',
      transaction: true,
      up: async (db, ctx) => {
        await ctx.updateInBatches('people', { mail: { $exists: true } }, { $rename: { mail: 'email' } });
      },
      down: async (db, ctx) => {
        await ctx.updateInBatches('people', { email: { $exists: true } }, { $rename: { email: 'mail' } });
      },
    },
  `,
);

const CONVERT_AGE = file(
  '2026-12-03T10:00:00Z',
  `
    {
      name: 'convert people.age from string to number',
      transaction: true,
      up: async (db, ctx) => {
        await ctx.updateInBatches('people', { age: { $type: 'string' } }, [
          { $set: { age: { $convert: { input: '$age', to: 'double', onError: '$age', onNull: null } } } },
        ]);
        await ctx.failIfAny('people', { age: { $type: 'string' } }, 'people.age holds values that are not numbers', ['age']);
      },
      down: async (db, ctx) => {
        await ctx.updateInBatches('people', { age: { $type: 'number' } }, [{ $set: { age: { $toString: '$age' } } }]);
      },
    },
  `,
);

/** Three steps: one and three count their runs in `counters`; two throws while `flags` holds `{ _id: 'fail' }`. */
const THROWING = file(
  '2026-12-04T10:00:00Z',
  `
    {
      name: 'count one',
      up: async (db, ctx) => {
        await db.collection<{ _id: string; n: number }>('counters').updateOne({ _id: 'one' }, { $inc: { n: 1 } }, { upsert: true, session: ctx.session });
      },
      down: async (db, ctx) => {
        await db.collection<{ _id: string }>('counters').deleteOne({ _id: 'one' }, { session: ctx.session });
      },
    },
    {
      name: 'throw while flagged',
      up: async (db, ctx) => {
        if (await db.collection<{ _id: string }>('flags').findOne({ _id: 'fail' }, { session: ctx.session })) throw new Error('flagged to fail');
      },
      down: async () => {},
    },
    {
      name: 'count three',
      up: async (db, ctx) => {
        await db.collection<{ _id: string; n: number }>('counters').updateOne({ _id: 'three' }, { $inc: { n: 1 } }, { upsert: true, session: ctx.session });
      },
      down: async (db, ctx) => {
        await db.collection<{ _id: string }>('counters').deleteOne({ _id: 'three' }, { session: ctx.session });
      },
    },
  `,
);

/** A slow migration (two seconds), so that two `up`s overlap. */
const SLOW = file(
  '2026-12-05T10:00:00Z',
  `
    {
      name: 'wait, then count',
      up: async (db, ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await db.collection<{ _id: string; n: number }>('counters').updateOne({ _id: 'slow' }, { $inc: { n: 1 } }, { upsert: true, session: ctx.session });
      },
    },
  `,
);

/** Step one takes the lock away from its runner (as a deployer would after the lease expired); step two counts. */
const LOSES_LOCK = file(
  '2026-12-06T10:00:00Z',
  `
    {
      name: 'lose the lock',
      up: async (db) => {
        await db.collection<{ _id: string }>('gati_migrations_lock').updateOne({ _id: 'migrate' }, [
          { $set: { holder: 'another-deployer', expiresAt: { $add: ['$$NOW', 60000] } } },
        ]);
      },
      down: async () => {},
    },
    {
      name: 'count two',
      up: async (db) => {
        await db.collection<{ _id: string; n: number }>('counters').updateOne({ _id: 'two' }, { $inc: { n: 1 } }, { upsert: true });
      },
      down: async () => {},
    },
  `,
);

const BATCHES_OF_TWO =
  "import { defineConfig } from '@gati-framework/migrations';\nexport default defineConfig({ migrations: { backfill: { batchSize: 2 } } });\n";

describeWithServer('MongoDB server scenarios', () => {
  it('creates a collection with its validator and a unique index; status shows it applied; down drops it', () =>
    withMongoProject(async ({ project, db, gati, gatiJson }) => {
      project.write('migrations/20261201100000_create_users.ts', CREATE_USERS);
      expect(expectSuccess(await gati('migrate:up')).stdout).toContain('Applied 20261201100000_create_users');
      const [users] = await db.listCollections({ name: 'users' }).toArray();
      expect((users as { options?: { validator?: unknown } }).options?.validator).toEqual({
        $jsonSchema: { bsonType: 'object', required: ['_id', 'email'], properties: { email: { bsonType: 'string' } } },
      });
      const indexes = await db.collection('users').indexes();
      expect(indexes.find((i) => i.key.email === 1)).toMatchObject({ unique: true });
      await expect(db.collection('users').insertOne({ name: 'no email' })).rejects.toMatchObject({ code: 121 });
      await db.collection('users').insertOne({ email: 'ada@example.com' });
      await expect(db.collection('users').insertOne({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 11000 });

      const { json } = await gatiJson('migrate:status', '--check');
      expect(json.migrations).toEqual([expect.objectContaining({ name: '20261201100000_create_users', state: 'applied' })]);
      expect(json.history).toEqual([expect.objectContaining({ direction: 'up', outcome: 'success', stepsTotal: 2, stepsApplied: 2 })]);
      // One history document per migration, with its steps; the lock is free.
      const history = await db.collection('gati_migrations').findOne({ _id: '20261201100000_create_users' as never });
      expect(history).toMatchObject({ steps: [{ state: 'done' }, { state: 'done' }] });
      expect(await db.collection('gati_migrations_lock').findOne({ holder: { $ne: null } })).toBeNull();

      expect(expectSuccess(await gati('migrate:up')).stdout).toContain('Nothing to apply');
      expectSuccess(await gati('migrate:down'));
      expect(await db.listCollections({ name: 'users' }).toArray()).toEqual([]);
      expect((await gatiJson('migrate:status')).json.migrations[0].state).toBe('pending');
    }));

  it('generate writes the collection with its validator and unique index from an entity; generate again finds nothing', () =>
    withMongoProject(async ({ project, db, gati }) => {
      project.entity('user.ts', 'export interface User {\n  id: string;\n  /** @unique */\n  email: string;\n  age?: number;\n}\n');
      expectSuccess(await gati('migrate:generate', 'create_users'));
      const files = project.listFiles();
      expectSuccess(await gati('migrate:up'));
      const [users] = await db.listCollections({ name: 'users' }).toArray();
      expect((users as { options?: { validator?: { $jsonSchema?: unknown } } }).options?.validator?.$jsonSchema).toBeDefined();
      const indexes = await db.collection('users').indexes();
      expect(indexes.find((i) => i.key.email === 1)).toMatchObject({ unique: true });
      expectSuccess(await gati('migrate:generate'));
      expect(project.listFiles()).toEqual(files);
    }));

  it('renames a field in every document, in batches, and back with down', () =>
    withMongoProject(async ({ project, db, gati }) => {
      project.write('gati.config.ts', BATCHES_OF_TWO);
      const people = db.collection<{ _id: string; mail?: string; email?: string }>('people');
      await people.insertMany([1, 2, 3, 4, 5].map((n) => ({ _id: `p${n}`, mail: `p${n}@example.com` })));
      project.write('migrations/20261202100000_rename_mail.ts', RENAME_MAIL);
      expectSuccess(await gati('migrate:up'));
      expect(await people.countDocuments({ mail: { $exists: true } })).toBe(0);
      expect(await people.findOne({ _id: 'p5' })).toEqual({ _id: 'p5', email: 'p5@example.com' });
      expect(await db.collection('gati_migrations').findOne({ _id: '20261202100000_rename_mail' as never })).not.toHaveProperty('progress');

      expectSuccess(await gati('migrate:down'));
      expect(await people.countDocuments({ email: { $exists: true } })).toBe(0);
      expect(await people.findOne({ _id: 'p5' })).toEqual({ _id: 'p5', mail: 'p5@example.com' });
    }));

  it('resumes a batched step that a killed run left half-way after the last _id its history saved', () =>
    withMongoProject(async ({ project, db, gati }) => {
      project.write('gati.config.ts', BATCHES_OF_TWO);
      const people = db.collection<{ _id: string; mail?: string; email?: string }>('people');
      await people.insertMany([1, 2, 3, 4, 5].map((n) => ({ _id: `p${n}`, mail: `p${n}@example.com` })));
      project.write('migrations/20261202100000_rename_mail.ts', RENAME_MAIL);
      // What a run killed after its second batch leaves: its run still `running`, the step `running`, p4 done.
      // (p1-p4 keep their old field here, which tells a resumed run from one that started again.)
      const startedAt = new Date(Date.now() - 60_000);
      await db.collection<{ _id: string; [field: string]: unknown }>('gati_migrations').insertOne({
        _id: '20261202100000_rename_mail',
        name: '20261202100000_rename_mail',
        version: '2026-12-02T10:00:00Z',
        appliedAt: null,
        checksum: null,
        steps: [{ name: 'rename people.mail to people.email', state: 'running' }],
        runs: [
          {
            id: 'killed',
            name: '20261202100000_rename_mail',
            direction: 'up',
            version: '2026-12-02T10:00:00Z',
            checksum: null,
            startedAt,
            finishedAt: null,
            durationMs: null,
            outcome: 'running',
            stepsTotal: 1,
            stepsApplied: 0,
            failedStep: null,
            failedStepNumber: null,
            failedStepStatements: null,
            error: null,
            toolVersion: 'test',
          },
        ],
        progress: { up1_0: 'p4' },
      });
      expectSuccess(await gati('migrate:up'));
      expect(await people.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'p1', mail: 'p1@example.com' },
        { _id: 'p2', mail: 'p2@example.com' },
        { _id: 'p3', mail: 'p3@example.com' },
        { _id: 'p4', mail: 'p4@example.com' },
        { _id: 'p5', email: 'p5@example.com' },
      ]);
    }));

  it('converts age from string to number, names the _id and value that did not convert, and resumes once it is fixed', () =>
    withMongoProject(async ({ project, db, gati, gatiJson }) => {
      project.write('gati.config.ts', BATCHES_OF_TWO);
      const people = db.collection<{ _id: string; age: unknown }>('people');
      await people.insertMany([
        { _id: 'p1', age: '12' },
        { _id: 'p2', age: '7.5' },
        { _id: 'p3', age: 'twelve' },
        { _id: 'p4', age: 40 },
      ]);
      project.write('migrations/20261203100000_convert_age.ts', CONVERT_AGE);
      const failed = expectCleanFailure(await gati('migrate:up'), 1);
      expect(failed).toContain('Migration 20261203100000_convert_age failed');
      expect(failed).toContain('people.age holds values that are not numbers: 1 document of people: _id "p3" (age: "twelve")');
      // What converted stayed converted; what did not kept its value.
      expect(await people.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'p1', age: 12 },
        { _id: 'p2', age: 7.5 },
        { _id: 'p3', age: 'twelve' },
        { _id: 'p4', age: 40 },
      ]);
      const { json } = await gatiJson('migrate:status', '--check');
      expect(json.migrations[0]).toMatchObject({
        state: 'failed',
        failure: { direction: 'up', step: 'convert people.age from string to number', stepNumber: 1, stepsApplied: 0 },
      });
      expect(json.migrations[0].failure.error).toContain('_id "p3"');

      await people.updateOne({ _id: 'p3' }, { $set: { age: '13' } });
      expectSuccess(await gati('migrate:up'));
      expect(await people.countDocuments({ age: { $type: 'string' } })).toBe(0);
      expect((await people.findOne({ _id: 'p3' }))!.age).toBe(13);
    }));

  it('a throwing step fails the migration there; the next up resumes at that step, without running the first again', () =>
    withMongoProject(async ({ project, db, gati, gatiJson }) => {
      project.write('migrations/20261204100000_throwing.ts', THROWING);
      await db.collection<{ _id: string }>('flags').insertOne({ _id: 'fail' });
      const failed = expectCleanFailure(await gati('migrate:up'), 1);
      expect(failed).toMatch(/at step 2 of 3 \(throw while flagged\).*flagged to fail/);
      const history = await db.collection('gati_migrations').findOne({ _id: '20261204100000_throwing' as never });
      expect(history!.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'failed', 'pending']);
      expect((await gatiJson('migrate:status')).json.migrations[0]).toMatchObject({
        state: 'failed',
        failure: { stepNumber: 2, stepsApplied: 1 },
      });

      await db.collection<{ _id: string }>('flags').deleteOne({ _id: 'fail' });
      const resumed = expectSuccess(await gati('migrate:up'));
      expect(resumed.stdout).toContain('Applied 20261204100000_throwing from step 2');
      expect(resumed.stderr).toContain('failed at step 2 of 3 in an earlier run; continuing from there');
      const counters = db.collection<{ _id: string; n: number }>('counters');
      expect(await counters.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'one', n: 1 },
        { _id: 'three', n: 1 },
      ]);
    }));

  it('two concurrent ups: one applies, the other waits for the lock and then finds nothing to do', () =>
    withMongoProject(async ({ project, db, gati }) => {
      project.write('migrations/20261205100000_slow.ts', SLOW);
      const [first, second] = await Promise.all([gati('migrate:up'), gati('migrate:up')]);
      expectSuccess(first);
      expectSuccess(second);
      const outputs = [first.stdout, second.stdout];
      expect(outputs.filter((o) => o.includes('Applied 20261205100000_slow'))).toHaveLength(1);
      expect(outputs.filter((o) => o.includes('Nothing to apply'))).toHaveLength(1);
      expect(await db.collection<{ _id: string; n: number }>('counters').findOne({ _id: 'slow' })).toEqual({ _id: 'slow', n: 1 });
      const history = await db.collection('gati_migrations').findOne({ _id: '20261205100000_slow' as never });
      expect(history!.runs).toHaveLength(1);
    }));

  it("a crashed holder's lock lease expires: up waits for it, then applies", () =>
    withMongoProject(async ({ project, db, gati }) => {
      project.write('migrations/20261205100000_slow.ts', SLOW);
      // A lock left by a process that died 27 s into its 30 s lease: free again in about 3 s (server clock).
      await db
        .collection<{ _id: string }>('gati_migrations_lock')
        .updateOne({ _id: 'migrate' }, [{ $set: { holder: 'crashed-host:1:dead', expiresAt: { $add: ['$$NOW', 3000] } } }], {
          upsert: true,
        });
      const started = Date.now();
      expect(expectSuccess(await gati('migrate:up')).stdout).toContain('Applied 20261205100000_slow');
      expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    }));

  it('a holder that lost its lease stops before its next step with LOCK_TIMEOUT', () =>
    withMongoProject(async ({ project, db, gati }) => {
      project.write('migrations/20261206100000_loses_lock.ts', LOSES_LOCK);
      expect(expectCleanFailure(await gati('migrate:up'), 1)).toContain("The migration lock's lease was lost");
      expect(await db.collection('counters').countDocuments()).toBe(0);
      const history = await db.collection('gati_migrations').findOne({ _id: '20261206100000_loses_lock' as never });
      expect(history!.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'pending']);
    }));

  it('an applied file that was edited is reported as modified; up refuses; repair accepts it', () =>
    withMongoProject(async ({ project, gati, gatiJson }) => {
      project.write('migrations/20261201100000_create_users.ts', CREATE_USERS);
      expectSuccess(await gati('migrate:up'));
      project.write('migrations/20261201100000_create_users.ts', CREATE_USERS.replace('{ unique: true,', '{ unique: true, sparse: true,'));
      const { result, json } = await gatiJson('migrate:status', '--check');
      expect(result.status).toBe(1);
      expect(json.migrations[0]).toMatchObject({
        state: 'modified',
        checksum: { accepted: expect.any(String), current: expect.any(String) },
      });
      project.write('migrations/20261202100000_rename_mail.ts', RENAME_MAIL);
      expect(expectCleanFailure(await gati('migrate:up'), 1)).toContain('was edited after it was applied');
      expectSuccess(await gati('migrate:repair'));
      expect((await gatiJson('migrate:status')).json.migrations[0].state).toBe('applied');
    }));
});
