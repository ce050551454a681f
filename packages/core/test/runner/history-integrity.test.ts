import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely } from 'kysely';
import { baselineFromDatabase, generateMigration, migrateDown, migrateUp, migrationStatus, repairMigrations } from '../../src/api';
import { type ResolvedConfig, resolveSqlConfig } from '../../src/config';
import { GatiError } from '../../src/errors';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../../../../test/support/test-databases';

/**
 * Every state `migrate:status` reports and every refusal of `up` and `down`, through the programmatic API on
 * SQLite, PostgreSQL and MySQL (MariaDB): applied, pending, failed (with the error), modified (checksum), missing;
 * repair; a failed migration fixed and run again; parallel branches applied in version order; dry runs that
 * change nothing; and a baseline of a database that already has tables.
 */

interface Target {
  readonly url: string;
  drop(): Promise<void>;
}

type Dialect = { name: 'sqlite' | 'postgresql' | 'mysql'; available(): Promise<boolean>; create(root: string): Promise<Target> };

const DIALECTS: Dialect[] = [
  {
    name: 'sqlite',
    available: async () => true,
    create: async (root) => ({ url: `sqlite:${path.join(root, 'app.db')}`, drop: async () => undefined }),
  },
  { name: 'postgresql', available: () => serverAvailable('postgresql'), create: () => createPostgresDatabase() },
  { name: 'mysql', available: () => serverAvailable('mysql'), create: () => createMysqlDatabase() },
];

const USERS = 'export interface User {\n  id: string;\n  name: string;\n}\n';
const USERS_EMAIL = 'export interface User {\n  id: string;\n  name: string;\n  email?: string;\n}\n';

describe.each(DIALECTS)('history and integrity on $name', (dialect) => {
  let available = false;
  let root: string;
  beforeAll(async () => {
    available = await dialect.available();
  });
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `gati-history-${dialect.name}-`)));
    fs.mkdirSync(path.join(root, 'entities'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A project on a fresh database with two migrations generated (create users; add email), none applied. */
  async function withProject(work: (p: { config: ResolvedConfig; db: Kysely<any>; names: string[] }) => Promise<void>): Promise<void> {
    const target = await dialect.create(root);
    const config = resolveSqlConfig({ connection: { url: target.url }, entities: ['entities/*.ts'] }, { root, url: target.url });
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    try {
      entity(USERS);
      const first = await generateMigration(config, { name: 'create_users', version: '2024-01-10T00:00:00Z' });
      entity(USERS_EMAIL);
      const second = await generateMigration(config, { name: 'add_email', version: '2024-01-20T00:00:00Z' });
      await work({ config, db, names: [first.name!, second.name!] });
    } finally {
      await db.destroy();
      await target.drop();
    }
  }

  const entity = (text: string) => fs.writeFileSync(path.join(root, 'entities', 'user.ts'), text);
  const fileOf = (name: string) => path.join(root, 'migrations', `${name}.ts`);
  const states = async (config: ResolvedConfig) => (await migrationStatus(config)).migrations.map((m) => [m.name, m.state]);
  const refusal = async (run: Promise<unknown>): Promise<GatiError> => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GatiError);
    return error as GatiError;
  };
  const tables = async (db: Kysely<any>) =>
    (await db.introspection.getTables())
      .map((t) => t.name)
      .filter((n) => !n.startsWith('gati_'))
      .sort();

  it('pending, then applied; a dry run prints the SQL of each migration and changes nothing', async () => {
    if (!available) return;
    await withProject(async ({ config, db, names }) => {
      expect(await states(config)).toEqual([
        [names[0], 'pending'],
        [names[1], 'pending'],
      ]);
      const dry = await migrateUp(config, { dryRun: true });
      expect(dry.planned!.map((p) => p.name)).toEqual(names);
      expect(dry.planned![0]!.sql.map((q) => q.sql).join('\n')).toMatch(/create table .users./i);
      expect(dry.planned![1]!.sql.map((q) => q.sql).join('\n')).toMatch(/alter table .users. add column .email./i);
      expect(await tables(db)).toEqual([]);
      await migrateUp(config);
      expect(await states(config)).toEqual([
        [names[0], 'applied'],
        [names[1], 'applied'],
      ]);
      const downDry = await migrateDown(config, { dryRun: true, all: true });
      expect(downDry.planned!.map((p) => p.name)).toEqual([...names].reverse());
      expect(downDry.planned![1]!.sql.map((q) => q.sql).join('\n')).toMatch(/drop table .users./i);
      expect(await tables(db)).toEqual(['users']);
    });
  });

  it('modified: an edited applied file is reported, up and down refuse, repair accepts it; formatting is no edit', async () => {
    if (!available) return;
    await withProject(async ({ config, names }) => {
      await migrateUp(config);
      const file = fileOf(names[1]!);
      const original = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, original.replace(/\n/g, '\r\n').replace(/^/, '// reviewed\n'));
      expect(await states(config)).toEqual([
        [names[0], 'applied'],
        [names[1], 'applied'],
      ]);

      fs.writeFileSync(file, original.replace("'email'", "'e_mail'"));
      const status = await migrationStatus(config);
      expect(status.migrations[1]).toEqual(
        expect.objectContaining({ state: 'modified', checksum: expect.objectContaining({ accepted: expect.stringMatching(/^g1:/) }) }),
      );
      expect(status.needsAttention).toBe(true);
      expect((await refusal(migrateUp(config))).code).toBe('MIGRATION_MODIFIED');
      expect((await refusal(migrateDown(config))).code).toBe('MIGRATION_MODIFIED');

      const repaired = await repairMigrations(config);
      expect(repaired.accepted.map((a) => a.name)).toEqual([names[1]]);
      expect(await states(config)).toEqual([
        [names[0], 'applied'],
        [names[1], 'applied'],
      ]);
      expect((await migrationStatus(config)).history.map((r) => r.direction)).toEqual(['up', 'up', 'repair']);
    });
  });

  it('modified: down refuses while an older applied migration was edited, and rolls nothing back', async () => {
    if (!available) return;
    await withProject(async ({ config, db, names }) => {
      await migrateUp(config);
      const file = fileOf(names[0]!);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("'name'", "'full_name'"));
      const error = await refusal(migrateDown(config));
      expect(error.code).toBe('MIGRATION_MODIFIED');
      expect(error.message).toContain(`${names[0]} was edited after it was applied`);
      expect(error.message).toContain('migrate:down runs nothing until then');
      expect(await states(config)).toEqual([
        [names[0], 'modified'],
        [names[1], 'applied'],
      ]);
      const columns = (await db.introspection.getTables()).find((t) => t.name === 'users')!.columns.map((c) => c.name);
      expect(columns).toContain('email');
    });
  });

  it('missing: an applied file that is gone is reported, up refuses, repair --forget-missing forgets it', async () => {
    if (!available) return;
    await withProject(async ({ config, names }) => {
      await migrateUp(config);
      fs.rmSync(fileOf(names[1]!));
      expect(await states(config)).toEqual([
        [names[0], 'applied'],
        [names[1], 'missing'],
      ]);
      expect((await refusal(migrateUp(config))).code).toBe('MIGRATION_MISSING');
      expect((await refusal(migrateDown(config))).code).toBe('MIGRATION_MISSING');
      expect((await repairMigrations(config, { forgetMissing: true })).forgotten).toEqual([names[1]]);
      expect(await states(config)).toEqual([[names[0], 'applied']]);
    });
  });

  it('failed: status names the migration and the error; up continues from there once the file is fixed', async () => {
    if (!available) return;
    await withProject(async ({ config, db, names }) => {
      await migrateUp(config, { to: names[0] });
      const file = fileOf(names[1]!);
      const original = fs.readFileSync(file, 'utf8');
      // A reviewer's data step with a bug: it updates a column that does not exist.
      const broken = original.replace(
        /(\.addColumn\('email'[^;]*;)/,
        "$1\n        await db.updateTable('users' as never).set({ nope: 'x' } as never).execute();",
      );
      expect(broken).not.toBe(original);
      fs.writeFileSync(file, broken);
      expect((await refusal(migrateUp(config))).code).toBe('MIGRATION_FAILED');
      const failed = (await migrationStatus(config)).migrations[1]!;
      expect(failed.state).toBe('failed');
      expect(failed.failure).toEqual(expect.objectContaining({ direction: 'up', error: expect.stringMatching(/nope/) }));
      // MySQL committed the ADD COLUMN before the update failed: the rerun goes on after it. Elsewhere the
      // migration rolled back whole.
      expect(failed.failure!.statementsDone).toBe(dialect.name === 'mysql' ? 1 : 0);

      fs.writeFileSync(file, original);
      const fixed = await migrateUp(config);
      expect(fixed.applied.map((r) => r.name)).toEqual([names[1]]);
      expect(await states(config)).toEqual([
        [names[0], 'applied'],
        [names[1], 'applied'],
      ]);
      expect((await db.introspection.getTables()).find((t) => t.name === 'users')!.columns.map((c) => c.name)).toContain('email');
      expect((await migrationStatus(config)).history.map((r) => [r.direction, r.outcome])).toEqual([
        ['up', 'success'],
        ['up', 'failed'],
        ['up', 'success'],
      ]);
    });
  });

  it('parallel branches: a migration older than the applied ones is applied in version order, with a warning', async () => {
    if (!available) return;
    await withProject(async ({ config, db, names }) => {
      await migrateUp(config);
      const branch = `import { defineMigration } from '@gati-framework/migrations';
export default defineMigration({
  version: '2024-01-15T00:00:00Z',
  up: async (db) => { await db.schema.createTable('from_branch').addColumn('id', 'integer').execute(); },
  down: async (db) => { await db.schema.dropTable('from_branch').execute(); },
});
`;
      fs.writeFileSync(path.join(root, 'migrations', '20240115000000_from_branch.ts'), branch);
      const warnings: string[] = [];
      const up = await migrateUp(config, { onWarning: (w) => warnings.push(w) });
      expect(up.applied.map((r) => r.name)).toEqual(['20240115000000_from_branch']);
      expect(warnings).toEqual([
        expect.stringContaining(`20240115000000_from_branch (version 2024-01-15T00:00:00Z) is older than ${names[1]}`),
      ]);
      expect(await tables(db)).toEqual(['from_branch', 'users']);
    });
  });

  it('baseline: an existing database becomes the first migration, applied without running; generate then finds nothing', async () => {
    if (!available) return;
    const target = await dialect.create(root);
    const config = resolveSqlConfig({ connection: { url: target.url }, entities: ['entities/*.ts'] }, { root, url: target.url });
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    try {
      await db.schema
        .createTable('users')
        .addColumn('id', 'varchar(255)', (c) => c.primaryKey().notNull())
        .addColumn('name', dialect.name === 'sqlite' ? 'text' : 'varchar(255)', (c) => c.notNull())
        .execute();
      await db.insertInto('users').values({ id: 'u1', name: 'Ada' }).execute();
      entity(USERS);
      const baseline = await baselineFromDatabase(config, { version: '2024-01-01T00:00:00Z' });
      expect(baseline.tables).toEqual(['users']);
      expect(baseline.differences).toEqual([]);
      expect(await states(config)).toEqual([[baseline.name, 'applied']]);
      expect((await migrationStatus(config)).history.map((r) => r.direction)).toEqual(['baseline']);
      expect((await generateMigration(config)).status).toBe('unchanged');
      // The rows are untouched, and rolling the baseline back (dropping them) needs --allow-data-loss.
      expect(await db.selectFrom('users').selectAll().execute()).toEqual([{ id: 'u1', name: 'Ada' }]);
      expect((await refusal(migrateDown(config))).code).toBe('DECISION_REQUIRED');
      // A second baseline is refused: the project has migrations now.
      expect((await refusal(baselineFromDatabase(config))).code).toBe('USAGE');
      // And the next change is an ordinary migration on top of it.
      entity(USERS_EMAIL);
      expect((await generateMigration(config)).steps.up).toEqual([expect.stringMatching(/^add column users\.email/)]);
      await migrateUp(config);
      expect((await db.selectFrom('users').selectAll().execute())[0]).toEqual({ id: 'u1', name: 'Ada', email: null });
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});

describe('a baseline on PostgreSQL', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-baseline-schemas-')));
    fs.mkdirSync(path.join(root, 'entities'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the schemas besides public that the entity types use', async () => {
    if (!(await serverAvailable('postgresql'))) return;
    const target = await createPostgresDatabase();
    const config = resolveSqlConfig({ connection: { url: target.url }, entities: ['entities/*.ts'] }, { root, url: target.url });
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    try {
      await db.schema.createSchema('sales').execute();
      await db.schema
        .createTable('sales.orders')
        .addColumn('id', 'varchar(255)', (c) => c.primaryKey().notNull())
        .execute();
      fs.writeFileSync(path.join(root, 'entities', 'order.ts'), '/** @schema sales */\nexport interface Order {\n  id: string;\n}\n');
      const baseline = await baselineFromDatabase(config, { version: '2024-01-01T00:00:00Z' });
      expect(baseline.tables).toEqual(['sales.orders']);
      expect(baseline.differences).toEqual([]);
      expect((await generateMigration(config)).status).toBe('unchanged');
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});
