import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import type { DialectCapabilities } from '../../src/adapter';
import { type BackfillValue, type Operation, diffSchemas } from '../../src/diff';
import type { ForeignKeyModel, SchemaModel } from '../../src/model';
import { type MigrationPlan, plannedMigrationSteps, planChanges } from '../../src/planner';
import { mergedValues } from '../../src/planner/enum-change-actions';
import { col, fk, idx, schema, t, table } from '../diff/helpers';

const noRenames = { decide: () => false };

async function plan(
  before: SchemaModel,
  after: SchemaModel,
  adapter: Pick<typeof sqliteAdapter, 'capabilities' | 'types'> = sqliteAdapter,
  backfill?: BackfillValue,
): Promise<MigrationPlan> {
  const changes = await diffSchemas(before, after, { renames: noRenames });
  const backfills = new Map<Operation, BackfillValue>(backfill ? changes.operations.map((op) => [op, backfill]) : []);
  return planChanges({ before, after, changes, backfills, adapter });
}

const users = (extra: ReturnType<typeof col>[] = []) => table('users', [col('id', t.text), col('name', t.varchar()), ...extra]);

describe('planMigration on SQLite', () => {
  it('adds a nullable column in place, and drops it in the down', async () => {
    const result = await plan(schema([users()]), schema([users([col('email', t.varchar(), { nullable: true })])]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['addColumn']);
    expect(result.down.map((s) => s.action.kind)).toEqual(['dropColumn']);
    expect(result.up[0]!.findings).toEqual([]);
  });

  it('adds a NOT NULL column with a literal default in place', async () => {
    const currency = col('currency', t.varchar(), { default: { kind: 'literal', value: 'USD' } });
    const result = await plan(schema([users()]), schema([users([currency])]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['addColumn']);
  });

  it('rebuilds the table for a NOT NULL column without a default, and warns that it fails on rows', async () => {
    const result = await plan(schema([users()]), schema([users([col('age', t.int)])]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['rebuildTable']);
    expect(result.up[0]!.findings.map((f) => f.kind)).toEqual(['table-rewrite', 'may-fail']);
  });

  it('changes a type through a rebuild that converts the column, after a check that every row converts', async () => {
    const result = await plan(schema([users([col('age', t.varchar())])]), schema([users([col('age', t.int)])]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['checkConversion', 'rebuildTable']);
    expect(result.up[0]!.action).toEqual({
      kind: 'checkConversion',
      table: 'users',
      column: 'age',
      from: t.varchar(),
      to: t.int,
      key: ['id'],
    });
    expect(result.up[0]!.findings.map((f) => f.kind)).toEqual(['may-fail']);
    const action = result.up[1]!.action;
    expect(action.kind).toBe('rebuildTable');
    if (action.kind !== 'rebuildTable') return;
    expect(action.sources).toEqual([
      { column: 'id', from: 'id' },
      { column: 'name', from: 'name' },
      { column: 'age', from: 'age', cast: 'integer' },
    ]);
    expect(result.up[1]!.findings.map((f) => f.kind)).toEqual(['table-rewrite']);
    // Back to text every int converts: no check.
    expect(result.down.map((s) => s.action.kind)).toEqual(['rebuildTable']);
    const down = result.down[0]!.action;
    expect(down.kind === 'rebuildTable' && down.sources.find((s) => s.column === 'age')).toEqual({
      column: 'age',
      from: 'age',
      cast: 'text',
    });
  });

  it('folds a rename and a type change of the same column into one rebuild that reads the old name', async () => {
    const before = schema([table('products', [col('id', t.text), col('price', t.varchar())])]);
    const after = schema([table('products', [col('id', t.text), col('price_in_cents', t.int, { renamedFrom: 'price' })])]);
    const result = await plan(before, after);
    expect(result.up.map((s) => s.action.kind)).toEqual(['checkConversion', 'rebuildTable']);
    expect(result.up[0]!.action).toMatchObject({ column: 'price' });
    const action = result.up[1]!.action;
    expect(action.kind === 'rebuildTable' && action.sources[1]).toEqual({ column: 'price_in_cents', from: 'price', cast: 'integer' });
  });

  it('does not rebuild when only the declared type differs but SQLite stores both the same way', async () => {
    const result = await plan(schema([users([col('bio', t.varchar(100))])]), schema([users([col('bio', t.text)])]));
    const action = result.up[0]!.action;
    expect(action.kind === 'rebuildTable' && action.sources.every((s) => s.cast === undefined)).toBe(true);
  });

  it('drops a plain column in place but rebuilds to drop a foreign-key column', async () => {
    const orgs = table('orgs', [col('id', t.text)]);
    const withFk = table('users', [col('id', t.text), col('org_id', t.text), col('note', t.text)], {
      foreignKeys: [{ name: 'users_org_id_fkey', columns: ['org_id'], referencedTable: 'orgs', referencedColumns: ['id'] }],
    });
    const plain = await plan(
      schema([orgs, withFk]),
      schema([orgs, { ...withFk, columns: withFk.columns.filter((c) => c.name !== 'note') }]),
    );
    expect(plain.up.map((s) => s.action.kind)).toEqual(['dropColumn']);
    expect(plain.up[0]!.findings.map((f) => f.kind)).toEqual(['data-loss']);
    const keyDropped = await plan(
      schema([orgs, withFk]),
      schema([orgs, { ...withFk, foreignKeys: [], columns: withFk.columns.filter((c) => c.name !== 'org_id') }]),
    );
    expect(keyDropped.up.map((s) => s.action.kind)).toEqual(['rebuildTable']);
  });

  it('rebuilds every table that uses an enum whose values change', async () => {
    const status = (values: string[]) => ({ name: 'status', values });
    const orders = table('orders', [col('id', t.text), col('status', t.enum('status'))]);
    const result = await plan(schema([orders], [status(['a', 'b'])]), schema([orders], [status(['a', 'b', 'c'])]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['rebuildTable']);
    const removed = await plan(schema([orders], [status(['a', 'b'])]), schema([orders], [status(['a'])]));
    expect(removed.up[0]!.findings.map((f) => f.kind)).toEqual(['table-rewrite', 'data-loss']);
  });

  it('creates tables without rebuilding anything, and lists the touched tables for the typed db', async () => {
    const result = await plan(schema([]), schema([users()]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['createTable']);
    expect(result.touchedTables.before).toEqual([]);
    expect(result.touchedTables.after.map((tb) => tb.name)).toEqual(['users']);
  });
});

describe('planMigration reads capabilities, not dialect names', () => {
  it('adds a foreign key in place where the capabilities allow it', async () => {
    const capabilities: DialectCapabilities = { ...sqliteAdapter.capabilities, alterForeignKeys: true };
    const adapter = { ...sqliteAdapter, capabilities };
    const orgs = table('orgs', [col('id', t.text)]);
    const before = table('users', [col('id', t.text), col('org_id', t.text)]);
    const after = {
      ...before,
      foreignKeys: [{ name: 'users_org_id_fkey', columns: ['org_id'], referencedTable: 'orgs', referencedColumns: ['id'] }],
    };
    const withCapability = await plan(schema([orgs, before]), schema([orgs, after]), adapter);
    expect(withCapability.up.map((s) => s.action.kind)).toEqual(['addForeignKey']);
    const sqlite = await plan(schema([orgs, before]), schema([orgs, after]));
    expect(sqlite.up.map((s) => s.action.kind)).toEqual(['rebuildTable']);
  });
});

describe('backfills on dialects that change columns in place', () => {
  const zero: BackfillValue = { kind: 'sql', expression: '0' };

  it.each([
    ['PostgreSQL', postgresqlAdapter],
    ['MySQL', mysqlAdapter],
  ])('%s: adds a NOT NULL column nullable, fills the rows, then sets NOT NULL; the down drops it', async (_name, adapter) => {
    const result = await plan(schema([users()]), schema([users([col('age', t.int)])]), adapter, zero);
    expect(result.up.map((s) => s.action.kind)).toEqual(['addColumn', 'fillColumn', 'alterColumn']);
    const [add, fill, alter] = result.up.map((s) => s.action);
    expect(add).toMatchObject({ column: { name: 'age', nullable: true } });
    expect(fill).toEqual({ kind: 'fillColumn', table: 'users', column: col('age', t.int), value: zero, onlyNulls: false });
    expect(alter).toMatchObject({ from: { nullable: true }, to: { nullable: false } });
    expect(result.up[1]!.findings[0]).toEqual({ kind: 'backfill', message: 'fills users.age with 0 in every row that exists' });
    expect(result.down.map((s) => s.action.kind)).toEqual(['dropColumn']);
  });

  it('without a backfill, says the ADD fails on a table with rows', async () => {
    const result = await plan(schema([users()]), schema([users([col('age', t.int)])]), postgresqlAdapter);
    expect(result.up.map((s) => s.action.kind)).toEqual(['addColumn']);
    expect(result.up[0]!.findings).toEqual([
      { kind: 'may-fail', message: 'users.age is NOT NULL with no default: fails if users has rows' },
    ]);
  });

  it('fills the NULLs before a type conversion makes the column NOT NULL', async () => {
    const result = await plan(
      schema([users([col('age', t.varchar(), { nullable: true })])]),
      schema([users([col('age', t.int)])]),
      postgresqlAdapter,
      zero,
    );
    expect(result.up.map((s) => s.action.kind)).toEqual(['checkConversion', 'convertColumn', 'fillColumn', 'alterColumn']);
    expect(result.up[2]!.action).toMatchObject({ kind: 'fillColumn', onlyNulls: true });
    // The down converts back in place (every int has a text) and loosens the column again: nothing to fill.
    expect(result.down.map((s) => s.action.kind)).toEqual(['changeColumnType', 'alterColumn']);
  });

  it('the down of a column made nullable fills its NULLs with a placeholder before making it NOT NULL again', async () => {
    const result = await plan(schema([users([col('age', t.int)])]), schema([users([col('age', t.int, { nullable: true })])]), mysqlAdapter);
    expect(result.up.map((s) => s.action.kind)).toEqual(['alterColumn']);
    expect(result.down.map((s) => s.action.kind)).toEqual(['fillColumn', 'alterColumn']);
    expect(result.down[0]!.action).toMatchObject({ value: { kind: 'literal', value: 0 }, onlyNulls: true });
  });
});

describe('long-lock and table-rewrite findings, as each dialect prices them', () => {
  const kinds = (result: MigrationPlan) => result.up.map((s) => [s.action.kind, ...s.findings.map((f) => f.kind)]);
  const orgs = table('orgs', [col('id', t.text)]);
  const member = (fks: ForeignKeyModel[] = []) =>
    table('members', [col('id', t.text), col('org_id', t.text, { nullable: true })], { foreignKeys: fks });
  const orgKey = { name: 'members_org_id_fkey', columns: ['org_id'], referencedTable: 'orgs', referencedColumns: ['id'] };

  it('PostgreSQL: SET NOT NULL and a type conversion hold an ACCESS EXCLUSIVE lock while they read every row', async () => {
    const result = await plan(
      schema([users([col('age', t.varchar(), { nullable: true }), col('rank', t.int, { nullable: true })])]),
      schema([users([col('age', t.int, { nullable: true }), col('rank', t.int)])]),
      postgresqlAdapter,
      { kind: 'sql', expression: '0' },
    );
    expect(kinds(result)).toEqual([
      ['checkConversion', 'may-fail'],
      ['convertColumn', 'long-lock'],
      ['fillColumn', 'backfill', 'long-lock'],
      ['alterColumn', 'long-lock'],
    ]);
    expect(result.up[3]!.findings[0]!.message).toBe(
      'SET NOT NULL reads every row of users under an ACCESS EXCLUSIVE lock: reads and writes of users wait meanwhile',
    );
  });

  it('PostgreSQL and MySQL: a type change that keeps every value is made in place, with the lock each takes', async () => {
    const widen = async (adapter: typeof postgresqlAdapter, from: ReturnType<typeof col>, to: ReturnType<typeof col>) =>
      kinds(await plan(schema([users([from])]), schema([users([to])]), adapter));
    expect(await widen(postgresqlAdapter, col('bio', t.varchar(64)), col('bio', t.varchar(255)))).toEqual([['changeColumnType']]);
    expect(await widen(postgresqlAdapter, col('bio', t.varchar(64)), col('bio', t.text))).toEqual([['changeColumnType']]);
    expect(await widen(postgresqlAdapter, col('visits', t.int), col('visits', t.bigint))).toEqual([['changeColumnType', 'long-lock']]);
    expect(await widen(mysqlAdapter, col('visits', t.int), col('visits', t.bigint))).toEqual([['changeColumnType', 'long-lock']]);
    expect(await widen(mysqlAdapter, col('bio', t.varchar(64)), col('bio', t.varchar(255)))).toEqual([
      ['changeColumnType', 'table-rewrite'],
    ]);
    // With NOT NULL set at the same time: the type in place, then the constraint.
    const result = await plan(
      schema([users([col('visits', t.int, { nullable: true })])]),
      schema([users([col('visits', t.bigint)])]),
      postgresqlAdapter,
      {
        kind: 'literal',
        value: 0,
      },
    );
    expect(result.up.map((s) => s.action.kind)).toEqual(['changeColumnType', 'fillColumn', 'alterColumn']);
  });

  it('PostgreSQL: a foreign key added to an existing table is added NOT VALID and validated apart, outside the transaction', async () => {
    const result = await plan(schema([orgs, member()]), schema([orgs, member([orgKey])]), postgresqlAdapter);
    expect(kinds(result)).toEqual([['addForeignKey'], ['validateForeignKey', 'non-transactional']]);
    expect(result.up[0]!.action).toMatchObject({ notValid: true });
  });

  it('MySQL: adding a foreign key copies the table; a NOT NULL change rebuilds it', async () => {
    const result = await plan(
      schema([orgs, member()]),
      schema([orgs, { ...member([orgKey]), columns: [col('id', t.text), col('org_id', t.text)] }]),
      mysqlAdapter,
      { kind: 'sql', expression: "'none'" },
    );
    expect(kinds(result)).toEqual([
      ['fillColumn', 'backfill', 'long-lock'],
      ['alterColumn', 'table-rewrite'],
      ['addForeignKey', 'long-lock'],
    ]);
    expect(result.up[2]!.findings[0]!.message).toBe(
      'with foreign_key_checks on, ADD FOREIGN KEY copies members (ALGORITHM=COPY): writes to members wait meanwhile',
    );
  });

  it('MySQL: appending an ENUM value is free; removing or reordering one copies the table', async () => {
    const posts = table('posts', [col('id', t.int), col('status', t.enum('status'))]);
    const status = (values: string[]) => ({ name: 'status', values });
    const appended = await plan(schema([posts], [status(['a', 'b'])]), schema([posts], [status(['a', 'b', 'c'])]), mysqlAdapter);
    expect(kinds(appended)).toEqual([['alterColumn']]);
    const reordered = await plan(schema([posts], [status(['a', 'b'])]), schema([posts], [status(['b', 'a'])]), mysqlAdapter);
    expect(kinds(reordered)).toEqual([['alterColumn', 'long-lock']]);
  });

  it('says nothing about tables the migration creates, nor on SQLite, which has no such costs', async () => {
    const created = await plan(schema([orgs]), schema([orgs, member([orgKey])]), postgresqlAdapter);
    expect(kinds(created)).toEqual([['createTable']]);
    const sqlite = await plan(
      schema([users([col('age', t.int, { nullable: true })])]),
      schema([users([col('age', t.int)])]),
      sqliteAdapter,
      {
        kind: 'sql',
        expression: '0',
      },
    );
    expect(kinds(sqlite)).toEqual([['rebuildTable', 'table-rewrite', 'backfill']]);
  });
});

describe('named enum types whose values change (PostgreSQL): widened first, narrowed last', () => {
  const state = (values: string[]) => ({ name: 'state', values });
  const posts = (columns: ReturnType<typeof col>[]) => table('posts', [col('id', t.int), ...columns]);
  const order = (steps: MigrationPlan['up']) =>
    steps.map((s) => `${s.phase ?? '-'} ${s.action.kind}${s.action.kind === 'addEnumValue' ? ` ${s.action.value}` : ''}`);

  it('merges the values of both sides, each new value where the new order puts it', () => {
    expect(mergedValues(['draft', 'live', 'archived'], ['draft', 'published', 'archived'])).toEqual([
      'draft',
      'live',
      'published',
      'archived',
    ]);
    expect(mergedValues(['a', 'b'], ['c', 'a', 'b', 'd'])).toEqual(['c', 'a', 'b', 'd']);
    expect(mergedValues(['a', 'b', 'c'], ['c', 'b'])).toEqual(['a', 'b', 'c']);
  });

  it('a removed value: the columns the migration drops go with the old type; the type is narrowed after them', async () => {
    const result = await plan(
      schema([posts([col('state', t.enum('state')), col('legacy', t.enum('state'))])], [state(['draft', 'live', 'archived'])]),
      schema([posts([col('state', t.enum('state'))])], [state(['draft', 'live'])]),
      postgresqlAdapter,
    );
    expect(order(result.up)).toEqual(['- dropColumn', 'last recreateEnum']);
    const recreate = result.up[1]!.action;
    expect(recreate.kind === 'recreateEnum' && recreate.columns.map((c) => c.column.name)).toEqual(['state']);
    expect(result.up[1]!.findings.map((f) => f.kind)).toEqual(['data-loss', 'long-lock']);
    // The down puts the value back first, so the column it adds back may hold it.
    expect(order(result.down)).toEqual(['first addEnumValue archived', '- addColumn', '- fillColumn', '- alterColumn']);
  });

  it('a value renamed (one added, one removed): added first, so that a new column may default to it; the old one removed last', async () => {
    const result = await plan(
      schema([posts([col('state', t.enum('state'))])], [state(['draft', 'live'])]),
      schema(
        [posts([col('state', t.enum('state')), col('stage', t.enum('state'), { default: { kind: 'literal', value: 'published' } })])],
        [state(['draft', 'published'])],
      ),
      postgresqlAdapter,
    );
    expect(order(result.up)).toEqual(['first addEnumValue published', '- addColumn', 'last recreateEnum']);
    // The down maps the rows holding 'published' by then (to the first value that stays) before it narrows.
    expect(order(result.down)).toEqual(['first addEnumValue live', '- dropColumn', 'last mapEnumValues', 'last recreateEnum']);
    expect(result.down[2]!.action).toMatchObject({ table: 'posts', column: 'state', map: [{ from: 'published', to: 'draft' }] });
  });

  it('as steps, each widening pairs with the narrowing that undoes it', async () => {
    const result = await plan(
      schema([posts([col('state', t.enum('state'))])], [state(['draft', 'live'])]),
      schema([posts([col('state', t.enum('state')), col('stage', t.enum('state'), { nullable: true })])], [state(['draft', 'published'])]),
      postgresqlAdapter,
    );
    const steps = plannedMigrationSteps(result, postgresqlAdapter.capabilities).map((s) => ({
      up: s.up.map((p) => p.action.kind),
      down: s.down.map((p) => p.action.kind),
      inTransaction: [s.upInTransaction, s.downInTransaction],
    }));
    expect(steps).toEqual([
      { up: ['addEnumValue'], down: ['mapEnumValues', 'recreateEnum'], inTransaction: [false, true] },
      { up: ['addColumn'], down: ['dropColumn'], inTransaction: [true, true] },
      { up: ['recreateEnum'], down: ['addEnumValue'], inTransaction: [true, false] },
    ]);
  });
});

describe('foreign keys around the tables and indexes that carry them', () => {
  const fkTo = (name: string, column: string, table: string) => ({
    name,
    columns: [column],
    referencedTable: table,
    referencedColumns: ['id'],
  });

  it('SQLite creates the tables of a reference cycle with every key inline (it checks references only later)', async () => {
    const departments = table('departments', [col('id', t.int), col('head_id', t.int, { nullable: true })], {
      foreignKeys: [fkTo('departments_head_id_fkey', 'head_id', 'employees')],
    });
    const employees = table('employees', [col('id', t.int), col('department_id', t.int)], {
      foreignKeys: [fkTo('employees_department_id_fkey', 'department_id', 'departments')],
    });
    const result = await plan(schema([]), schema([departments, employees]));
    expect(result.up.map((s) => s.action.kind)).toEqual(['createTable', 'createTable']);
    const keys = result.up.map((s) => (s.action.kind === 'createTable' ? s.action.table.foreignKeys.map((fk) => fk.name) : []));
    expect(keys.flat().sort()).toEqual(['departments_head_id_fkey', 'employees_department_id_fkey']);
    // The down drops both tables; the keys go with them.
    expect(result.down.map((s) => s.action.kind)).toEqual(['dropTable', 'dropTable']);
    // PostgreSQL adds the cycle's key once both tables exist.
    const pg = await plan(schema([]), schema([departments, employees]), postgresqlAdapter);
    expect(pg.up.map((s) => s.action.kind)).toEqual(['createTable', 'createTable', 'addForeignKey']);
  });

  it('MySQL: dropping the index a foreign key relies on drops the key before and adds it after', async () => {
    const teams = table('teams', [col('id', t.int)]);
    const players = (indexes: ReturnType<typeof idx>[]) =>
      table('players', [col('id', t.int), col('team_id', t.int), col('name', t.text)], {
        indexes,
        foreignKeys: [fkTo('players_team_id_fkey', 'team_id', 'teams')],
      });
    const result = await plan(
      schema([teams, players([idx('players_team_id_name_idx', ['team_id', 'name'])])]),
      schema([teams, players([])]),
      mysqlAdapter,
    );
    expect(result.up.map((s) => s.action.kind)).toEqual(['dropForeignKey', 'dropIndex', 'addForeignKey']);
    expect(result.down.map((s) => s.action.kind)).toEqual(['createIndex']);
  });
});

describe('a renamed table: what is named after it is renamed, as each database can', () => {
  const teams = table('teams', [col('id', t.int)]);
  const before = schema([
    teams,
    table('people', [col('id', t.int), col('team_id', t.int), col('email', t.text)], {
      indexes: [idx('people_email_key', ['email'], true)],
      foreignKeys: [fk('people_team_id_fkey', ['team_id'], 'teams')],
    }),
  ]);
  const after = schema([
    teams,
    table('members', [col('id', t.int), col('team_id', t.int), col('email', t.text)], {
      renamedFrom: 'people',
      indexes: [idx('members_email_key', ['email'], true)],
      foreignKeys: [fk('members_team_id_fkey', ['team_id'], 'teams')],
    }),
  ]);
  const kinds = (result: MigrationPlan) => result.up.map((s) => s.action.kind);

  it('PostgreSQL: the key, the index and the foreign key in the catalog only, nothing checked again', async () => {
    const result = await plan(before, after, postgresqlAdapter);
    expect(kinds(result)).toEqual(['renameTable', 'renamePrimaryKey', 'renameIndex', 'renameForeignKey']);
    expect(result.up.flatMap((s) => s.findings)).toEqual([]);
    expect(result.down.map((s) => s.action.kind)).toEqual(['renameForeignKey', 'renameIndex', 'renamePrimaryKey', 'renameTable']);
  });

  it('MySQL: the index renamed; the foreign key (with the index InnoDB made for it) dropped and added unchecked, said so', async () => {
    const result = await plan(before, after, mysqlAdapter);
    expect(kinds(result)).toEqual(['renameTable', 'renameIndex', 'renameForeignKey']);
    expect(result.up[2]!.action).toMatchObject({ from: 'people_team_id_fkey', ownIndex: true });
    expect(result.up[2]!.findings.map((f) => f.kind)).toEqual(['unchecked']);
  });

  it('SQLite: the index dropped and created again (no RENAME INDEX); the foreign key follows the table by itself', async () => {
    const result = await plan(before, after, sqliteAdapter);
    expect(kinds(result)).toEqual(['renameTable', 'dropIndex', 'createIndex']);
  });
});

describe('conversion checks before anything changes, where statements commit one by one (MySQL)', () => {
  const stepKinds = (result: MigrationPlan, adapter: typeof mysqlAdapter | typeof postgresqlAdapter) =>
    plannedMigrationSteps(result, adapter.capabilities).map((s) => ({ up: s.up.map((p) => p.action.kind), down: s.down.length }));

  it('runs the check in a first step of its own when earlier steps add and rename other columns, and again before its conversion', async () => {
    const before = schema([users([col('age', t.varchar()), col('nick', t.varchar(), { nullable: true })])]);
    const after = schema([
      users([
        col('age', t.int),
        col('nickname', t.varchar(), { nullable: true, renamedFrom: 'nick' }),
        col('email', t.varchar(), { nullable: true }),
      ]),
    ]);
    const result = await plan(before, after, mysqlAdapter);
    const steps = stepKinds(result, mysqlAdapter);
    expect(steps[0]).toEqual({ up: ['checkConversion'], down: 0 });
    expect(steps.slice(1).filter((s) => s.up[0] === 'checkConversion')).toHaveLength(2);
    expect(steps.slice(1, 3).map((s) => s.up)).toEqual([['renameColumn'], ['addColumn']]);
    // One transaction on PostgreSQL: nothing is in effect when a check fails, wherever it stands.
    expect(stepKinds(await plan(before, after, postgresqlAdapter), postgresqlAdapter)[0]!.up).not.toContain('checkConversion');
  });

  it('leaves the check where it is when an earlier step renames the column it reads', async () => {
    const before = schema([
      table('products', [col('id', t.text), col('price', t.varchar()), col('note', t.varchar(), { nullable: true })]),
    ]);
    const after = schema([
      table('products', [
        col('id', t.text),
        col('price_in_cents', t.int, { renamedFrom: 'price' }),
        col('memo', t.varchar(), { nullable: true, renamedFrom: 'note' }),
      ]),
    ]);
    const steps = stepKinds(await plan(before, after, mysqlAdapter), mysqlAdapter);
    // The rename of price comes first: at the start there is no price_in_cents to check.
    expect(steps.map((s) => s.up[0])).toEqual(['renameColumn', 'renameColumn', 'checkConversion', 'checkConversion']);
    expect(steps[2]!.up).toEqual(['checkConversion', 'convertColumn']);
  });
});
