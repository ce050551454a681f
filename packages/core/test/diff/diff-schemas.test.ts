import { diffSchemas, type Operation } from '../../src/diff';
import { normalizeSchema, sameType, type LogicalType } from '../../src/model';
import { col, fk, idx, schema, StubResolver, summary, t, table, users } from './helpers';

function shop() {
  return schema(
    [
      users([col('email', t.varchar(255), { nullable: true })], { indexes: [idx('users_email_key', ['email'], true)] }),
      table('orders', [col('id', t.int), col('user_id', t.int), col('status', t.enum('order_status'))], {
        foreignKeys: [fk('orders_user_id_fkey', ['user_id'], 'users', ['id'], 'cascade')],
        indexes: [idx('orders_user_id_idx', ['user_id'])],
      }),
    ],
    [{ name: 'order_status', values: ['new', 'paid'] }],
  );
}

describe('diffSchemas: basics', () => {
  it('finds nothing between a schema and itself, nor its normalized, reordered form', async () => {
    const resolver = new StubResolver();
    const model = shop();
    expect((await diffSchemas(model, model, { renames: resolver })).operations).toEqual([]);
    const reordered = schema(
      [...model.tables]
        .reverse()
        .map((tbl) => ({ ...tbl, indexes: [...tbl.indexes].reverse(), foreignKeys: [...tbl.foreignKeys].reverse() })),
      [...model.enums].reverse(),
    );
    expect((await diffSchemas(normalizeSchema(model), reordered, { renames: resolver })).operations).toEqual([]);
    expect(resolver.asked).toEqual([]);
  });

  it('ignores a stale @renamedFrom hint whose rename was already generated', async () => {
    const prev = schema([users()]);
    const next = schema([
      {
        ...users([], {}),
        columns: [col('id', t.int, { generated: true }), col('name', t.varchar(255), { renamedFrom: 'full_name' })],
      },
    ]);
    expect((await diffSchemas(prev, next, { renames: new StubResolver() })).operations).toEqual([]);
  });

  it('adds one nullable column (the seed case)', async () => {
    const prev = schema([users()]);
    const next = schema([users([col('email', t.varchar(255), { nullable: true })])]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(operations).toStrictEqual([
      {
        kind: 'addColumn',
        table: 'users',
        column: { name: 'email', type: { kind: 'varchar', length: 255 }, nullable: true },
      },
    ]);
  });

  it('creates and drops tables, carrying their full definitions', async () => {
    const posts = table('posts', [col('id', t.int), col('title', t.text)], {
      indexes: [idx('posts_title_idx', ['title'])],
    });
    const tags = table('tags', [col('id', t.int), col('label', t.varchar(50))]);
    const resolver = new StubResolver();
    const { operations } = await diffSchemas(schema([users(), tags]), schema([users(), posts]), { renames: resolver });
    expect(operations).toEqual([
      { kind: 'createTable', table: posts },
      { kind: 'dropTable', table: tags },
    ]);
    expect(resolver.asked).toEqual([]); // different shapes: not a rename candidate
  });

  it('alters a column whose type changes, with the full before and after', async () => {
    const prev = schema([users([col('age', t.varchar(255))])]);
    const next = schema([users([col('age', t.int)])]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(operations).toEqual([
      {
        kind: 'alterColumn',
        table: 'users',
        from: { name: 'age', type: { kind: 'varchar', length: 255 }, nullable: false },
        to: { name: 'age', type: { kind: 'int' }, nullable: false },
      },
    ]);
  });

  it.each<[string, Parameters<typeof col>[2], Parameters<typeof col>[2]]>([
    ['nullability', { nullable: true }, { nullable: false }],
    ['a default', {}, { default: { kind: 'literal', value: 0 } }],
    [
      'a default expression',
      { default: { kind: 'sql', expression: 'now()' } },
      { default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } },
    ],
    ['identity', { generated: false }, { generated: true }],
  ])('alters a column when %s changes', async (_what, before, after) => {
    const { operations } = await diffSchemas(schema([users([col('n', t.int, before)])]), schema([users([col('n', t.int, after)])]), {
      renames: new StubResolver(),
    });
    expect(summary(operations)).toEqual(['alterColumn users.n']);
  });

  it('treats an absent identity flag as false and an absent onDelete as no action', async () => {
    const prev = schema([
      users([col('n', t.int, { generated: false })]),
      table('orders', [col('id', t.int), col('user_id', t.int)], {
        foreignKeys: [fk('orders_user_fkey', ['user_id'], 'users', ['id'], 'no action')],
      }),
    ]);
    const next = schema([
      users([col('n', t.int)]),
      table('orders', [col('id', t.int), col('user_id', t.int)], {
        foreignKeys: [fk('orders_user_fkey', ['user_id'], 'users')],
      }),
    ]);
    expect((await diffSchemas(prev, next, { renames: new StubResolver() })).operations).toEqual([]);
  });

  it('uses typeEquals to compare types', async () => {
    const prev = schema([users([col('bio', t.varchar(255))])]);
    const next = schema([users([col('bio', t.text)])]);
    const stringsAreText = (a: LogicalType, b: LogicalType) =>
      sameType(a, b) || [a.kind, b.kind].every((k) => k === 'text' || k === 'varchar');
    expect((await diffSchemas(prev, next, { renames: new StubResolver(), typeEquals: stringsAreText })).operations).toEqual([]);
    expect(summary((await diffSchemas(prev, next, { renames: new StubResolver() })).operations)).toEqual(['alterColumn users.bio']);
  });

  it('changes the primary key', async () => {
    const prev = schema([table('memberships', [col('id', t.int), col('user_id', t.int), col('group_id', t.int)])]);
    const next = schema([table('memberships', [col('user_id', t.int), col('group_id', t.int)], { primaryKey: ['user_id', 'group_id'] })]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(operations).toEqual<Operation[]>([
      { kind: 'alterPrimaryKey', table: 'memberships', from: ['id'], to: ['user_id', 'group_id'] },
      { kind: 'dropColumn', table: 'memberships', column: { name: 'id', type: { kind: 'int' }, nullable: false } },
    ]);
  });

  it('returns a deeply frozen change set that shares no object with its inputs', async () => {
    const prev = schema([users()]);
    const added = col('email', t.varchar(255), { nullable: true });
    const next = schema([users([added]), table('posts', [col('id', t.int)])]);
    const changes = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(Object.isFrozen(changes)).toBe(true);
    expect(Object.isFrozen(changes.operations)).toBe(true);
    const addColumn = changes.operations[0] as Extract<Operation, { kind: 'addColumn' }>;
    expect(Object.isFrozen(addColumn.column.type)).toBe(true);
    expect(Object.isFrozen(added)).toBe(false);
    expect(Object.isFrozen(next.tables[1])).toBe(false);
  });

  it('leaves renamedFrom hints out of the operations', async () => {
    const next = schema([
      table('posts', [col('id', t.int), col('title', t.text, { renamedFrom: 'heading' })], { renamedFrom: 'articles' }),
    ]);
    const { operations } = await diffSchemas(schema([]), next, { renames: new StubResolver() });
    expect(operations).toEqual([{ kind: 'createTable', table: table('posts', [col('id', t.int), col('title', t.text)]) }]);
  });
});
