/**
 * The everyday loop through the built `gati` binary: entity types -> migrate:generate -> migrate:up, on the
 * embedded SQLite default, with rows in the tables; dry runs, --json, status, migrate:create, and the generated
 * files' quality (tsc --noEmit, prettier).
 */
import { expectSuccess, prettierFormat, projectTemplate, show, withProject } from './cli-harness';

const USER_V1 = 'export interface User {\n  id: string;\n  name: string;\n}\n';
const USER_V2 = 'export interface User {\n  id: string;\n  name: string;\n  email?: string;\n}\n';

/** `User { id; name }` generated (version 2024-01-15T10:00:00Z) and applied, with two rows. */
const usersV1 = projectTemplate(async (project) => {
  project.entity('user.ts', USER_V1);
  expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));
  expectSuccess(await project.gati('migrate:up'));
  project.exec("INSERT INTO users (id, name) VALUES ('u1', 'Ada'), ('u2', 'Grace')");
});
afterAll(() => usersV1.cleanup());

it.concurrent('generate/up: the first migration; dry runs write nothing and create no database', () =>
  withProject(async (project) => {
    project.entity('user.ts', USER_V1);

    const dry = expectSuccess(await project.gati('migrate:generate', '--dry-run'));
    expect(dry.stdout).toContain('export default defineMigration');
    expect(dry.stdout).toMatch(/create table "users"/i);
    expect(project.listFiles()).toEqual([]);
    expect(project.exists('.gati')).toBe(false);

    const created = expectSuccess(await project.gati('migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));
    expect(created.stdout).toMatch(/Wrote migrations[\\/]\d{14}_create_users\.ts \(version 2024-01-15T10:00:00Z\)/);
    expect(project.listFiles()).toEqual([
      expect.stringMatching(/^\d{14}_create_users\.ts$/),
      expect.stringMatching(/^meta[\\/]\d{14}_create_users\.snapshot\.json$/),
    ]);

    // migrate:up --dry-run prints the SQL per migration and touches nothing: no database, no history, no tables.
    const upDry = expectSuccess(await project.gati('migrate:up', '--dry-run'));
    expect(upDry.stdout).toMatch(/-- \d{14}_create_users \(up\)/);
    expect(upDry.stdout).toMatch(/create table "users"/i);
    expect(project.tables()).toEqual([]);
    expect(project.history()).toEqual([]);
  }),
);

it.concurrent('generate/up: adding `email?: string` writes one migration with a nullable column; up keeps the rows', () =>
  withProject(async (project) => {
    await usersV1.copyInto(project);
    const schemaV1 = project.schema();
    project.entity('user.ts', USER_V2);
    const before = project.listFiles();

    const dry = expectSuccess(await project.gati('migrate:generate', '--dry-run'));
    expect(dry.stdout).toMatch(/alter table "users" add column "email" text/i);
    expect(dry.stdout).toContain('export default defineMigration');
    expect(project.listFiles()).toEqual(before);

    const { result: generated, json: written } = await project.gatiJson('migrate:generate');
    expectSuccess(generated);
    expect(written).toMatchObject({ status: 'written', name: expect.stringMatching(/^\d{14}_add_email_to_users$/) });
    const added = project.listFiles().filter((f) => !before.includes(f));
    expect(added.sort()).toEqual([
      `${written.name}.ts`,
      expect.stringMatching(new RegExp(`^meta[\\\\/]${written.name}\\.snapshot\\.json$`)),
    ]);
    const code = project.read(`migrations/${written.name}.ts`);
    expect(code).toContain("addColumn('email'");
    expect(code).not.toMatch(/addColumn\('email'[^\n]*notNull/);

    // Status: one applied, one pending, with their versions; --check fails on the pending one.
    const { result: statusPending, json: pending } = await project.gatiJson('migrate:status', '--check');
    expect(statusPending.status).toBe(1);
    expect(pending.migrations).toEqual([
      expect.objectContaining({
        name: expect.stringMatching(/_create_users$/),
        state: 'applied',
        version: '2024-01-15T10:00:00Z',
      }),
      expect.objectContaining({ name: written.name, state: 'pending', version: written.version }),
    ]);
    const statusTable = await project.gati('migrate:status');
    expect(statusTable.status).toBe(0);
    expect(statusTable.stdout).toMatch(/applied\s+2024-01-15T10:00:00Z\s+\d{14}_create_users/);
    expect(statusTable.stdout).toMatch(new RegExp(`pending\\s+${written.version}\\s+${written.name}`));

    const upDry = expectSuccess(await project.gati('migrate:up', '--dry-run'));
    expect(upDry.stdout).toContain(`-- ${written.name} (up)`);
    expect(upDry.stdout).toMatch(/alter table "users" add column "email" text/i);
    expect(upDry.stdout).not.toContain('_create_users (up)');
    expect(project.schema()).toEqual(schemaV1);
    expect(project.history()).toHaveLength(1);

    const { result: up, json: upJson } = await project.gatiJson('migrate:up');
    expectSuccess(up);
    expect(upJson.applied.map((r: { name: string }) => r.name)).toEqual([written.name]);
    expect(project.columns('users')).toEqual([
      expect.objectContaining({ name: 'id', notnull: 1, pk: 1 }),
      expect.objectContaining({ name: 'name', notnull: 1 }),
      expect.objectContaining({ name: 'email', type: 'TEXT', notnull: 0, pk: 0 }),
    ]);
    expect(project.query('SELECT id, name, email FROM users ORDER BY id')).toEqual([
      { id: 'u1', name: 'Ada', email: null },
      { id: 'u2', name: 'Grace', email: null },
    ]);
    expect(expectSuccess(await project.gati('migrate:status', '--check')).stdout).toMatch(/2 applied, 0 pending/);
  }),
);

it.concurrent('generate/up/down: up -> down -> up keeps schema and rows; generating again with no change writes nothing', () =>
  withProject(async (project) => {
    await usersV1.copyInto(project);
    const schemaV1 = project.schema();
    const rows = project.query('SELECT * FROM users ORDER BY id');
    project.entity('user.ts', USER_V2);
    expectSuccess(await project.gati('migrate:generate', 'add_email'));
    const name = project.migrationFile('add_email').replace(/^migrations[\\/]|\.ts$/g, '');
    expectSuccess(await project.gati('migrate:up'));
    const schemaV2 = project.schema();
    const rowsV2 = project.query('SELECT * FROM users ORDER BY id');
    expect(schemaV2).not.toEqual(schemaV1);

    // Nothing changed: exit 0, says so, writes nothing.
    const files = project.listFiles();
    const unchanged = expectSuccess(await project.gati('migrate:generate'));
    expect(unchanged.stdout).toMatch(/no schema changes/i);
    expect(project.listFiles()).toEqual(files);

    // down --dry-run: the SQL of the down step, nothing changed.
    const downDry = expectSuccess(await project.gati('migrate:down', '--dry-run'));
    expect(downDry.stdout).toContain(`-- ${name} (down)`);
    expect(downDry.stdout).toMatch(/alter table "users" drop column "email"/i);
    expect(project.schema()).toEqual(schemaV2);
    expect(project.history()).toHaveLength(2);

    const { result: down, json: downJson } = await project.gatiJson('migrate:down');
    expectSuccess(down);
    expect(downJson.rolledBack.map((r: { name: string }) => r.name)).toEqual([name]);
    expect(project.schema()).toEqual(schemaV1);
    expect(project.query('SELECT * FROM users ORDER BY id')).toEqual(rows);

    expectSuccess(await project.gati('migrate:up'));
    expect(project.schema()).toEqual(schemaV2);
    expect(project.query('SELECT * FROM users ORDER BY id')).toEqual(rowsV2);
  }),
);

it.concurrent(
  'generate/up/down: turns age: string into age: number with a table rebuild and the reviewed conversion, keeping 42, and back on down',
  () =>
    withProject(async (project) => {
      project.entity('user.ts', 'export interface User {\n  id: string;\n  age: string;\n}\n');
      expectSuccess(await project.gati('migrate:generate'));
      expectSuccess(await project.gati('migrate:up'));
      project.exec("INSERT INTO users (id, age) VALUES ('u1', '42'), ('u2', '7')");
      const schemaText = project.schema();

      project.entity('user.ts', 'export interface User {\n  id: string;\n  age: number;\n}\n');
      const before = project.migrationFiles();
      expectSuccess(await project.gati('migrate:generate'));
      const added = project.migrationFiles().filter((f) => !before.includes(f));
      expect(added).toHaveLength(1);
      const code = project.read(`migrations/${added[0]}`);
      const up = code.slice(code.indexOf('up: async'), code.indexOf('down: async'));
      // Every row is checked first, then the table is copied through the conversion and swapped in.
      const order = [
        up.indexOf('checkConversion(db'),
        up.indexOf("createTable('__gati_new_users')"),
        up.indexOf("insertInto('__gati_new_users')"),
        up.lastIndexOf("usersAgeToInt(sql.ref('age'))"),
        up.indexOf("dropTable('users')"),
        up.indexOf("alterTable('__gati_new_users').renameTo('users')"),
      ];
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // The conversion is declared once at the top of the file, where the reviewer maps values: a total conversion
      // (NULL where text is no whole number), checked on every row before anything changes.
      expect(code).toMatch(/^const usersAgeToInt = \(value: Expression<unknown>\): RawBuilder<number \| null> =>/m);
      expect(up).toMatch(/checkConversion\(db, \{/);

      expectSuccess(await project.gati('migrate:up'));
      expect(project.columns('users').find((c) => c.name === 'age')).toMatchObject({ type: 'INTEGER', notnull: 1 });
      expect(project.query('SELECT id, age, typeof(age) AS t FROM users ORDER BY id')).toEqual([
        { id: 'u1', age: 42, t: 'integer' },
        { id: 'u2', age: 7, t: 'integer' },
      ]);
      expect(project.tables()).not.toContain('__gati_new_users');
      const schemaNumber = project.schema();

      expectSuccess(await project.gati('migrate:down', '--allow-data-loss'));
      expect(project.query('SELECT id, age, typeof(age) AS t FROM users ORDER BY id')).toEqual([
        { id: 'u1', age: '42', t: 'text' },
        { id: 'u2', age: '7', t: 'text' },
      ]);
      expect(project.schema()).toEqual(schemaText);

      expectSuccess(await project.gati('migrate:up'));
      expect(project.schema()).toEqual(schemaNumber);
      expect(project.query('SELECT age, typeof(age) AS t FROM users ORDER BY id')).toEqual([
        { age: 42, t: 'integer' },
        { age: 7, t: 'integer' },
      ]);
    }),
);

it.concurrent(
  'migrate:create and generated files: writes an empty typed migration that runs; every generated file type-checks and is prettier-formatted',
  () =>
    withProject(async (project) => {
      project.entity(
        'catalog.ts',
        [
          'export interface Product {',
          '  id: string;',
          '  title: string;',
          '  priceInCents: number;',
          '  tags: string[];',
          "  status: 'draft' | 'live';",
          '  createdAt: Date;',
          '  notes?: string;',
          '}',
          '',
          'export interface OrderItem {',
          '  id: string;',
          '  /** @references Product.id */',
          '  productId: string;',
          '  quantity: number;',
          '}',
          '',
        ].join('\n'),
      );
      expectSuccess(await project.gati('migrate:generate', '--version', '2024-01-15T10:00:00Z'));
      project.entity(
        'catalog.ts',
        [
          'export interface Product {',
          '  id: string;',
          '  title: string;',
          '  priceInCents: string;',
          '  tags: string[];',
          "  status: 'draft' | 'live' | 'archived';",
          '  createdAt: Date;',
          '  inStock?: boolean;',
          '}',
          '',
          'export interface OrderItem {',
          '  id: string;',
          '  /** @references Product.id */',
          '  productId: string;',
          '  quantity: number;',
          '}',
          '',
        ].join('\n'),
      );
      expectSuccess(await project.gati('migrate:generate', '--allow-data-loss', '--version', 'tsv:1705312800-products-002'));

      const { result: create, json: created } = await project.gatiJson(
        'migrate:create',
        'Backfill prices',
        '--version',
        'tsv:1705399200-products-003',
      );
      expectSuccess(create);
      expect(created).toMatchObject({
        version: 'tsv:1705399200-products-003',
        name: expect.stringMatching(/^\d{14}_backfill_prices$/),
      });
      const file = project.migrationFile('backfill_prices');
      expect(file).toMatch(/[\\/]\d{14}_backfill_prices\.ts$/);
      const text = project.read(file);
      expect(text).toContain("version: 'tsv:1705399200-products-003'");
      expect(text).toMatch(/import \{[^}]*defineMigration[^}]*\} from '@gati-framework\/migrations'/);
      expect(text).toMatch(/up: async \(db: Kysely<\w+>\)/);
      // created after the generated ones, so it sorts (applies) last
      expect(project.migrationFiles().at(-1)).toBe(file.replace(/^migrations[\\/]/, ''));

      const migrations = project.migrationFiles();
      expect(migrations).toHaveLength(3);
      for (const name of migrations) {
        const source = project.read(`migrations/${name}`);
        expect({ name, source: await prettierFormat(source) }).toEqual({ name, source });
      }
      const tsc = await project.typecheck();
      if (tsc.status !== 0) throw new Error(`tsc --noEmit failed:\n${show(tsc)}`);

      const { result: up, json: applied } = await project.gatiJson('migrate:up');
      expectSuccess(up);
      expect(applied.applied.map((r: { name: string }) => r.name)).toEqual(migrations.map((m) => m.replace(/\.ts$/, '')));
      expect(project.tables()).toEqual(expect.arrayContaining(['products', 'order_items']));
      const { json: status } = await project.gatiJson('migrate:status');
      expect(status.migrations.map((m: { state: string; version: string }) => [m.state, m.version])).toEqual([
        ['applied', '2024-01-15T10:00:00Z'],
        ['applied', 'tsv:1705312800-products-002'],
        ['applied', 'tsv:1705399200-products-003'],
      ]);
    }),
);
