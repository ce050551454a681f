import { diffSchemas, type Operation } from '../../src/diff';
import type { TableModel } from '../../src/model';
import { col, fk, idx, schema, StubResolver, summary, t, table, users } from './helpers';

/** A table `name` with an `id` and one `<ref>_id` column and foreign key per referenced table. */
function refs(name: string, ...referenced: string[]): TableModel {
  return table(name, [col('id', t.int), ...referenced.map((r) => col(`${r}_id`, t.int, { nullable: true }))], {
    foreignKeys: referenced.map((r) => fk(`${name}_${r}_id_fkey`, [`${r}_id`], r)),
  });
}

async function diff(prev: TableModel[], next: TableModel[]): Promise<readonly Operation[]> {
  return (await diffSchemas(schema(prev), schema(next), { renames: new StubResolver() })).operations;
}

describe('diffSchemas: order of createTable and dropTable', () => {
  it('creates a table after the tables it references, keeping the model order otherwise', async () => {
    const next = [
      refs('order_items', 'orders', 'products'),
      refs('orders', 'customers'),
      refs('products'),
      refs('customers'),
      refs('notes'),
    ];
    expect(summary(await diff([], next))).toEqual([
      'createTable products',
      'createTable customers',
      'createTable orders',
      'createTable order_items',
      'createTable notes',
    ]);
  });

  it('ignores self-references and references to existing tables', async () => {
    const next = [refs('comments', 'comments', 'users'), users()];
    expect(summary(await diff([users()], next))).toEqual(['createTable comments']);
  });

  it('creates a reference cycle in model order and adds the keys closing it afterwards', async () => {
    const next = [refs('a', 'x'), refs('b', 'c'), refs('c', 'b'), refs('x')];
    const operations = await diff([], next);
    expect(summary(operations)).toEqual([
      'createTable x',
      'createTable a',
      'createTable b',
      'createTable c',
      'addForeignKey b.b_c_id_fkey',
    ]);
    const b = operations[2] as Extract<Operation, { kind: 'createTable' }>;
    expect(b.table.foreignKeys).toEqual([]);
    expect(b.table.columns.map((c) => c.name)).toEqual(['id', 'c_id']);
  });

  it('detaches only the keys of the cycle, not those of the tables waiting on it', async () => {
    // a waits on the cycle b <-> c (it is not part of it): only one key of the cycle is detached, none of a's.
    const operations = await diff([], [refs('a', 'b'), refs('b', 'c'), refs('c', 'b')]);
    expect(summary(operations)).toEqual(['createTable b', 'createTable a', 'createTable c', 'addForeignKey b.b_c_id_fkey']);
  });

  it('drops a table before the tables it references', async () => {
    const prev = [
      refs('customers'),
      refs('orders', 'customers'),
      refs('products'),
      refs('order_items', 'orders', 'products'),
      refs('notes'),
    ];
    expect(summary(await diff(prev, []))).toEqual([
      'dropTable order_items',
      'dropTable orders',
      'dropTable customers',
      'dropTable products',
      'dropTable notes',
    ]);
  });

  it('drops the keys of a reference cycle before dropping its tables', async () => {
    const operations = await diff([refs('b', 'c'), refs('c', 'b')], []);
    expect(summary(operations)).toEqual(['dropForeignKey c.c_b_id_fkey', 'dropTable b', 'dropTable c']);
    const c = operations[2] as Extract<Operation, { kind: 'dropTable' }>;
    expect(c.table.foreignKeys).toEqual([]);
  });

  it('describes a dropped table with references to renamed tables as they are named when it is dropped', async () => {
    const prev = [
      table('users', [col('uid', t.int), col('name', t.text)], { primaryKey: ['uid'] }),
      table('logs', [col('id', t.int), col('user_uid', t.int)], {
        foreignKeys: [fk('logs_user_fkey', ['user_uid'], 'users', ['uid'])],
      }),
    ];
    const next = [table('members', [col('id', t.int, { renamedFrom: 'uid' }), col('name', t.text)], { renamedFrom: 'users' })];
    const operations = await diff(prev, next);
    expect(summary(operations)).toEqual([
      'renameTable users->members',
      'renamePrimaryKey members.users_pkey->members_pkey',
      'renameColumn members.uid->id',
      'dropTable logs',
    ]);
    const logs = operations[3] as Extract<Operation, { kind: 'dropTable' }>;
    expect(logs.table.foreignKeys).toEqual([fk('logs_user_fkey', ['user_uid'], 'members', ['id'])]);
  });
});

describe('diffSchemas: order of the whole change set', () => {
  it('applies enums, renames, drops of keys and indexes, columns, new tables, new indexes and keys, dropped tables, dropped enums', async () => {
    const prev = schema(
      [
        table('users', [col('id', t.int), col('nick', t.text), col('legacy', t.text), col('state', t.enum('state'))], {
          indexes: [idx('users_nick_idx', ['nick'])],
        }),
        table('people', [col('id', t.int), col('name', t.text)]),
        refs('sessions', 'users'),
        table('audit', [col('id', t.int)]),
        refs('carts', 'audit'),
      ],
      [
        { name: 'state', values: ['a', 'b'] },
        { name: 'mood', values: ['x'] },
      ],
    );
    const next = schema(
      [
        refs('orders', 'users', 'products'),
        table(
          'users',
          [
            col('id', t.int),
            col('handle', t.text, { renamedFrom: 'nick' }),
            col('age', t.int, { nullable: true }),
            col('state', t.enum('state'), { nullable: true }),
            col('kind', t.enum('kind')),
          ],
          {
            indexes: [idx('users_handle_idx', ['handle'])],
          },
        ),
        table('members', [col('id', t.int), col('name', t.text)], { renamedFrom: 'people' }),
        refs('products'),
        refs('carts', 'products'),
      ],
      [
        { name: 'kind', values: ['p'] },
        { name: 'state', values: ['a', 'b', 'c'] },
      ],
    );
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual([
      'createEnum kind',
      'alterEnum state',
      'renameTable people->members',
      'renamePrimaryKey members.people_pkey->members_pkey',
      'dropForeignKey carts.carts_audit_id_fkey',
      'renameColumn users.nick->handle',
      'addColumn users.age',
      'addColumn users.kind',
      'alterColumn users.state',
      'dropColumn users.legacy',
      'addColumn carts.products_id',
      'dropColumn carts.audit_id',
      'createTable products',
      'createTable orders',
      'renameIndex users.users_nick_idx->users_handle_idx',
      'addForeignKey carts.carts_products_id_fkey',
      'dropTable sessions',
      'dropTable audit',
      'dropEnum mood',
    ]);
  });
});
