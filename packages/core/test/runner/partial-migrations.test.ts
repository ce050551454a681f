import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely } from 'kysely';
import { generateMigration, migrateDown, migrateUp, migrationStatus } from '../../src/api';
import { type ResolvedConfig, resolveSqlConfig } from '../../src/config';
import { MigrationFailedError } from '../../src/errors';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../../../../test/support/test-databases';

/**
 * Migrations that cannot run as one transaction, generated from entity types and run against the real servers:
 * on MySQL (MariaDB here) DDL commits statement by statement, so a migration is written as steps and the runner
 * records each one as it completes; on PostgreSQL, CREATE INDEX CONCURRENTLY and ALTER TYPE … ADD VALUE run as
 * steps of their own between transactions. A failure half-way leaves a state that migrate:status names exactly
 * (which migration, which step, the error, what stayed in effect), that up finishes once the cause is fixed
 * and that down rolls back, without anyone editing a table by hand.
 */

const PRODUCT_V1 = 'export interface Product {\n  id: string;\n  sku: string;\n  age: string;\n}\n';
/** v2: a new column, a unique index on sku (the rows' duplicate skus make it fail), age becomes a number. */
const PRODUCT_V2 = 'export interface Product {\n  id: string;\n  /** @unique */\n  sku: string;\n  age: number;\n  note?: string;\n}\n';

type Server = { kind: 'mysql' | 'postgresql'; create: typeof createMysqlDatabase };
const SERVERS: Server[] = [
  { kind: 'mysql', create: createMysqlDatabase },
  { kind: 'postgresql', create: createPostgresDatabase },
];

describe.each(SERVERS)('a migration that fails half-way on $kind', ({ kind, create }) => {
  let available = false;
  let root: string;
  beforeAll(async () => {
    available = await serverAvailable(kind);
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), `gati-partial-${kind}-`));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** v1 applied with two rows whose skus collide, v2 generated: what every test starts from. */
  async function withV2Pending(work: (config: ResolvedConfig, db: Kysely<any>) => Promise<void>): Promise<void> {
    const database = await create();
    const config = resolveSqlConfig({ adapter: kind, connection: { url: database.url }, entities: ['entities/*.ts'] }, { root });
    const dir = path.join(root, 'entities');
    fs.mkdirSync(dir, { recursive: true });
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    try {
      fs.writeFileSync(path.join(dir, 'product.ts'), PRODUCT_V1);
      await generateMigration(config, { name: 'create_products', version: '2024-01-01T00:00:00Z' });
      await migrateUp(config);
      await db
        .insertInto('products')
        .values([
          { id: 'p1', sku: 'A', age: '1' },
          { id: 'p2', sku: 'A', age: '2' },
        ])
        .execute();
      fs.writeFileSync(path.join(dir, 'product.ts'), PRODUCT_V2);
      const v2 = await generateMigration(config, { name: 'v2', version: '2024-02-01T00:00:00Z' });
      expect(v2.code).toContain('steps: [');
      await work(config, db);
    } finally {
      await db.destroy();
      await database.drop();
    }
  }

  const columns = async (db: Kysely<any>): Promise<string[]> =>
    (await db.introspection.getTables())
      .find((t) => t.name === 'products')!
      .columns.map((c) => c.name)
      .sort();

  async function failingUp(config: ResolvedConfig): Promise<MigrationFailedError> {
    const failure = await migrateUp(config).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MigrationFailedError);
    return failure as MigrationFailedError;
  }

  it('status names the migration, the step, the error and what stayed in effect', async () => {
    if (!available) return;
    await withV2Pending(async (config, db) => {
      const error = await failingUp(config);
      expect(error.message).toMatch(/_v2 failed \(up, at step \d+ of \d+ \(create unique index/);
      const status = await migrationStatus(config);
      const v2 = status.migrations[1]!;
      expect(v2.state).toBe('failed');
      expect(v2.failure).toEqual(
        expect.objectContaining({
          direction: 'up',
          step: expect.stringMatching(/^create unique index/),
          error: expect.stringMatching(/Duplicate|duplicate|unique/),
        }),
      );
      const { stepNumber, stepsApplied, stepsTotal } = v2.failure!;
      expect(stepNumber).toBeGreaterThan(1);
      // The steps before the failing one are in effect, and the status says so: on MySQL each committed on its
      // own; on PostgreSQL they committed together before the index was built concurrently, outside a transaction.
      expect(stepsApplied).toBe(stepNumber! - 1);
      expect(stepsTotal).toBeGreaterThanOrEqual(stepNumber!);
      expect(await columns(db)).toContain('note');
      expect(status.needsAttention).toBe(true);
    });
  });

  it('fixed, up goes on from the failed step and applies the rest', async () => {
    if (!available) return;
    await withV2Pending(async (config, db) => {
      const error = await failingUp(config);
      const failedAt = Number(/at step (\d+)/.exec(error.message)![1]);
      await db.updateTable('products').set({ sku: 'B' }).where('id', '=', 'p2').execute();
      const again = await migrateUp(config);
      expect(again.applied).toEqual([expect.objectContaining({ name: expect.stringMatching(/_v2$/), resumedAt: failedAt })]);
      const status = await migrationStatus(config);
      expect(status.migrations.map((m) => m.state)).toEqual(['applied', 'applied']);
      expect(await columns(db)).toEqual(['age', 'id', 'note', 'sku']);
      const rows = await db.selectFrom('products').select(['id', 'sku', 'age']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'p1', sku: 'A', age: 1 },
        { id: 'p2', sku: 'B', age: 2 },
      ]);
      // The unique index is there: a duplicate sku is refused now.
      await expect(db.insertInto('products').values({ id: 'p3', sku: 'A', age: 3 }).execute()).rejects.toThrow();
    });
  });

  it('down rolls the completed steps back, newest first, and leaves it pending', async () => {
    if (!available) return;
    await withV2Pending(async (config, db) => {
      await failingUp(config);
      // Its down converts age back to text, which writes each number's own text: data loss to accept.
      const down = await migrateDown(config, { allowDataLoss: true });
      expect(down.rolledBack.map((r) => r.name)).toEqual([expect.stringMatching(/_v2$/)]);
      const status = await migrationStatus(config);
      expect(status.migrations.map((m) => m.state)).toEqual(['applied', 'pending']);
      expect(await columns(db)).toEqual(['age', 'id', 'sku']);
      const rows = await db.selectFrom('products').select(['id', 'sku', 'age']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'p1', sku: 'A', age: '1' },
        { id: 'p2', sku: 'A', age: '2' },
      ]);
      // The history tells the whole story: v1 up, v2 up failed, v2 down.
      expect(status.history.map((r) => [r.name.replace(/^\d+_/, ''), r.direction, r.outcome])).toEqual([
        ['create_products', 'up', 'success'],
        ['v2', 'up', 'failed'],
        ['v2', 'down', 'success'],
      ]);
    });
  });
});

describe('a type conversion with a value that does not convert, on MySQL', () => {
  let available = false;
  let root: string;
  beforeAll(async () => {
    available = await serverAvailable('mysql');
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-partial-cast-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A project on a fresh MariaDB database, its entity file `entity` (the test writes it), a Kysely on it. */
  async function withPeople(
    work: (project: { config: ResolvedConfig; db: Kysely<any>; entity: string; live: () => Promise<string[]> }) => Promise<void>,
  ): Promise<void> {
    const database = await createMysqlDatabase();
    const config = resolveSqlConfig({ adapter: 'mysql', connection: { url: database.url }, entities: ['entities/*.ts'] }, { root });
    fs.mkdirSync(path.join(root, 'entities'));
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    /** The live columns of people, in order, with their types. */
    const live = async () =>
      (await db.introspection.getTables()).find((t) => t.name === 'people')!.columns.map((c) => `${c.name}:${c.dataType}`);
    try {
      await work({ config, db, entity: path.join(root, 'entities', 'person.ts'), live });
    } finally {
      await db.destroy();
      await database.drop();
    }
  }

  it('stops at its first step, before the temporary column is added, naming the row; a fixed row lets up apply it whole', async () => {
    if (!available) return;
    await withPeople(async ({ config, db, entity, live }) => {
      fs.writeFileSync(entity, 'export interface Person {\n  id: string;\n  age: string;\n}\n');
      await generateMigration(config, { name: 'create_people', version: '2024-01-01T00:00:00Z' });
      await migrateUp(config);
      await db
        .insertInto('people')
        .values([
          { id: 'a', age: '36' },
          { id: 'b', age: 'unknown' },
        ])
        .execute();
      fs.writeFileSync(entity, 'export interface Person {\n  id: string;\n  age: number;\n}\n');
      await generateMigration(config, { name: 'age_to_number', version: '2024-02-01T00:00:00Z' });

      const failure = await migrateUp(config).catch((error: unknown) => error);
      expect(String((failure as Error).message)).toMatch(
        /at step 1 of 2 \(add column people\.__gati_new_age .*people\.age: 1 row holds a value that does not convert to int \(id 'b': 'unknown'\)/s,
      );
      expect(await live()).toEqual(['id:varchar', 'age:varchar']);
      const { migrations } = await migrationStatus(config);
      expect(migrations[1]).toEqual(
        expect.objectContaining({
          state: 'failed',
          failure: expect.objectContaining({
            stepNumber: 1,
            stepsApplied: 0,
            stepsTotal: 2,
            error: expect.stringContaining("(id 'b': 'unknown')"),
          }),
        }),
      );

      // Up again, with the bad row fixed: it applies whole, the column where it was.
      await db.updateTable('people').set({ age: '0' }).where('id', '=', 'b').execute();
      const finished = await migrateUp(config);
      expect(finished.applied).toEqual([expect.objectContaining({ name: expect.stringMatching(/_age_to_number$/) })]);
      expect(await live()).toEqual(['id:varchar', 'age:int']);
      expect(await db.selectFrom('people').selectAll().orderBy('id').execute()).toEqual([
        { id: 'a', age: 36 },
        { id: 'b', age: 0 },
      ]);
    });
  });

  it('checks before the steps that come first (a rename, an added column): a value that does not convert leaves nothing in effect', async () => {
    if (!available) return;
    await withPeople(async ({ config, db, entity, live }) => {
      fs.writeFileSync(entity, 'export interface Person {\n  id: string;\n  nick: string | null;\n  age: string;\n}\n');
      await generateMigration(config, { name: 'create_people', version: '2024-01-01T00:00:00Z' });
      await migrateUp(config);
      await db
        .insertInto('people')
        .values([
          { id: 'a', nick: 'al', age: '36' },
          { id: 'b', nick: null, age: 'unknown' },
        ])
        .execute();
      fs.writeFileSync(
        entity,
        'export interface Person {\n  id: string;\n  /** @renamedFrom nick */\n  nickname: string | null;\n  email: string | null;\n  age: number;\n}\n',
      );
      await generateMigration(config, { name: 'age_to_number', version: '2024-02-01T00:00:00Z' });

      const failure = await migrateUp(config).catch((error: unknown) => error);
      expect(String((failure as Error).message)).toMatch(
        /at step 1 of \d+ \(check that every people\.age converts .*people\.age: 1 row holds a value that does not convert to int \(id 'b': 'unknown'\)/s,
      );
      expect(await live()).toEqual(['id:varchar', 'nick:varchar', 'age:varchar']);
      const { migrations } = await migrationStatus(config);
      expect(migrations[1]).toEqual(
        expect.objectContaining({
          state: 'failed',
          failure: expect.objectContaining({ stepNumber: 1, stepsApplied: 0, statementsDone: 0 }),
        }),
      );

      await db.updateTable('people').set({ age: '0' }).where('id', '=', 'b').execute();
      await migrateUp(config);
      expect(await live()).toEqual(['id:varchar', 'nickname:varchar', 'age:int', 'email:varchar']);
      expect(await db.selectFrom('people').select(['id', 'nickname', 'age']).orderBy('id').execute()).toEqual([
        { id: 'a', nickname: 'al', age: 36 },
        { id: 'b', nickname: null, age: 0 },
      ]);
    });
  });
});
