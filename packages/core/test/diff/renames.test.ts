import { diffSchemas } from '../../src/diff';
import { EntityError } from '../../src/errors';
import { col, fk, idx, schema, StubResolver, summary, t, table, users } from './helpers';

describe('diffSchemas: column renames', () => {
  it('renames by @renamedFrom without asking, then alters the renamed column', async () => {
    const prev = schema([users([col('age', t.varchar(255))])]);
    const next = schema([users([col('years', t.int, { nullable: true, renamedFrom: 'age' })])]);
    const resolver = new StubResolver();
    const { operations } = await diffSchemas(prev, next, { renames: resolver });
    expect(operations).toStrictEqual([
      { kind: 'renameColumn', table: 'users', from: 'age', to: 'years' },
      {
        kind: 'alterColumn',
        table: 'users',
        from: { name: 'years', type: { kind: 'varchar', length: 255 }, nullable: false },
        to: { name: 'years', type: { kind: 'int' }, nullable: true },
      },
    ]);
    expect(resolver.asked).toEqual([]);
  });

  it('ignores a hint naming a column that still exists', async () => {
    const prev = schema([users([col('a', t.int)])]);
    const next = schema([users([col('a', t.int), col('b', t.int, { renamedFrom: 'a' })])]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual(['addColumn users.b']);
  });

  it('rejects two columns claiming the same previous column', async () => {
    const prev = schema([users([col('a', t.int)])]);
    const next = schema([users([col('b', t.int, { renamedFrom: 'a' }), col('c', t.int, { renamedFrom: 'a' })])]);
    await expect(diffSchemas(prev, next, { renames: new StubResolver() })).rejects.toThrow(EntityError);
    await expect(diffSchemas(prev, next, { renames: new StubResolver() })).rejects.toThrow(
      'Both column users.b and column users.c say @renamedFrom a; only one of them can be the renamed column users.a. Remove the other hint.',
    );
  });

  it('renames a likely rename when the resolver says yes', async () => {
    const prev = schema([users([col('full_name', t.text, { nullable: true })])]);
    const next = schema([users([col('display_name', t.text, { nullable: true })])]);
    const resolver = new StubResolver({ 'users.full_name->display_name': true });
    const { operations } = await diffSchemas(prev, next, { renames: resolver });
    expect(operations).toStrictEqual([{ kind: 'renameColumn', table: 'users', from: 'full_name', to: 'display_name' }]);
    expect(resolver.asked).toEqual([{ kind: 'column', table: 'users', from: 'full_name', to: 'display_name' }]);
  });

  it('drops and adds when the resolver says no', async () => {
    const prev = schema([users([col('full_name', t.text, { nullable: true })])]);
    const next = schema([users([col('display_name', t.text, { nullable: true })])]);
    const resolver = new StubResolver();
    const { operations } = await diffSchemas(prev, next, { renames: resolver });
    expect(summary(operations)).toEqual(['addColumn users.display_name', 'dropColumn users.full_name']);
    expect(resolver.asked).toEqual([{ kind: 'column', table: 'users', from: 'full_name', to: 'display_name' }]);
  });

  it('asks only about pairs with the same definition, in a fixed order, pairing each column once', async () => {
    const prev = schema([users([col('a', t.text), col('b', t.text), col('c', t.int)])]);
    const next = schema([users([col('x', t.text), col('y', t.text), col('z', t.boolean)])]);
    // x is a rename of b; y is asked about a only (b is taken); z matches nothing.
    const resolver = new StubResolver({ 'users.b->x': true });
    const { operations } = await diffSchemas(prev, next, { renames: resolver });
    expect(resolver.asked).toEqual([
      { kind: 'column', table: 'users', from: 'a', to: 'x' },
      { kind: 'column', table: 'users', from: 'b', to: 'x' },
      { kind: 'column', table: 'users', from: 'a', to: 'y' },
    ]);
    expect(summary(operations)).toEqual([
      'renameColumn users.b->x',
      'addColumn users.y',
      'addColumn users.z',
      'dropColumn users.a',
      'dropColumn users.c',
    ]);
  });

  it('does not offer a column that differs in nullability, default or identity', async () => {
    const prev = schema([users([col('a', t.text), col('b', t.text, { default: { kind: 'literal', value: '' } })])]);
    const next = schema([users([col('x', t.text, { nullable: true }), col('y', t.text)])]);
    const resolver = new StubResolver();
    await diffSchemas(prev, next, { renames: resolver });
    expect(resolver.asked).toEqual([{ kind: 'column', table: 'users', from: 'a', to: 'y' }]);
  });

  it('keeps an index on a renamed column, and moves the primary key with it', async () => {
    const prev = schema([
      table('accounts', [col('uid', t.int), col('mail', t.text)], {
        primaryKey: ['uid'],
        indexes: [idx('accounts_contact_key', ['mail'], true)],
      }),
    ]);
    const next = schema([
      table('accounts', [col('account_id', t.int, { renamedFrom: 'uid' }), col('email', t.text, { renamedFrom: 'mail' })], {
        primaryKey: ['account_id'],
        indexes: [idx('accounts_contact_key', ['email'], true)],
      }),
    ]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual(['renameColumn accounts.uid->account_id', 'renameColumn accounts.mail->email']);
  });

  it('renames an index whose derived name carries the old column name, after the column', async () => {
    const prev = schema([users([col('mail', t.text)], { indexes: [idx('users_mail_key', ['mail'], true)] })]);
    const next = schema([users([col('email', t.text, { renamedFrom: 'mail' })], { indexes: [idx('users_email_key', ['email'], true)] })]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(operations).toStrictEqual([
      { kind: 'renameColumn', table: 'users', from: 'mail', to: 'email' },
      { kind: 'renameIndex', table: 'users', from: 'users_mail_key', index: { name: 'users_email_key', columns: ['email'], unique: true } },
    ]);
  });

  it('drops and re-creates an index of a renamed column that changes type, or whose name is not derived', async () => {
    const prev = schema([
      users([col('mail', t.text), col('nick', t.text)], { indexes: [idx('users_mail_key', ['mail'], true), idx('by_nick', ['nick'])] }),
    ]);
    const next = schema([
      users([col('email', t.varchar(80), { renamedFrom: 'mail' }), col('handle', t.text, { renamedFrom: 'nick' })], {
        indexes: [idx('users_email_key', ['email'], true), idx('users_handle_idx', ['handle'])],
      }),
    ]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual([
      'dropIndex users.users_mail_key',
      'dropIndex users.by_nick',
      'renameColumn users.mail->email',
      'renameColumn users.nick->handle',
      'alterColumn users.email',
      'createIndex users.users_email_key',
      'createIndex users.users_handle_idx',
    ]);
  });
});

describe('diffSchemas: table renames', () => {
  const people = (name: string, renamedFrom?: string) =>
    table(name, [col('id', t.int), col('name', t.text)], renamedFrom ? { renamedFrom } : {});

  it('rejects two tables claiming the same previous table', async () => {
    const next = schema([people('members', 'users'), people('accounts', 'users')]);
    await expect(diffSchemas(schema([people('users')]), next, { renames: new StubResolver() })).rejects.toThrow(
      /Both table members and table accounts say @renamedFrom users/,
    );
  });

  it('renames by @renamedFrom without asking', async () => {
    const resolver = new StubResolver();
    const { operations } = await diffSchemas(schema([people('users')]), schema([people('members', 'users')]), {
      renames: resolver,
    });
    expect(operations).toStrictEqual([
      { kind: 'renameTable', from: 'users', to: 'members' },
      { kind: 'renamePrimaryKey', table: 'members', from: 'users_pkey', to: 'members_pkey' },
    ]);
    expect(resolver.asked).toEqual([]);
  });

  it('renames by hint and diffs the contents under the new name', async () => {
    const prev = schema([table('users', [col('id', t.int), col('name', t.text)], { indexes: [idx('users_name_idx', ['name'])] })]);
    const next = schema([
      table('members', [col('id', t.int), col('name', t.text), col('joined', t.timestamp, { nullable: true })], {
        renamedFrom: 'users',
        indexes: [idx('members_name_idx', ['name'])],
      }),
    ]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual([
      'renameTable users->members',
      'renamePrimaryKey members.users_pkey->members_pkey',
      'addColumn members.joined',
      'renameIndex members.users_name_idx->members_name_idx',
    ]);
  });

  it('asks the resolver about a dropped and an added table of the same shape', async () => {
    const yes = new StubResolver({ 'users->members': true });
    const renamed = await diffSchemas(schema([people('users')]), schema([people('members')]), { renames: yes });
    expect(summary(renamed.operations)).toEqual(['renameTable users->members', 'renamePrimaryKey members.users_pkey->members_pkey']);
    expect(yes.asked).toEqual([{ kind: 'table', from: 'users', to: 'members' }]);

    const no = new StubResolver();
    const replaced = await diffSchemas(schema([people('users')]), schema([people('members')]), { renames: no });
    expect(summary(replaced.operations)).toEqual(['createTable members', 'dropTable users']);
    expect(no.asked).toEqual([{ kind: 'table', from: 'users', to: 'members' }]);
  });

  it('does not offer tables whose columns or primary key differ', async () => {
    const resolver = new StubResolver();
    await diffSchemas(
      schema([people('users'), table('tags', [col('id', t.int), col('name', t.text)], { primaryKey: [] })]),
      schema([table('members', [col('id', t.int), col('name', t.varchar(80))]), table('labels', [col('id', t.int), col('name', t.text)])]),
      { renames: resolver },
    );
    expect(resolver.asked).toEqual([{ kind: 'table', from: 'users', to: 'labels' }]);
  });

  it('asks about tables first, then about the columns of each table', async () => {
    const prev = schema([people('users'), table('posts', [col('id', t.int), col('body', t.text)])]);
    const next = schema([people('members'), table('posts', [col('id', t.int), col('content', t.text)])]);
    const resolver = new StubResolver({ 'users->members': true, 'posts.body->content': true });
    const { operations } = await diffSchemas(prev, next, { renames: resolver });
    expect(resolver.asked).toEqual([
      { kind: 'table', from: 'users', to: 'members' },
      { kind: 'column', table: 'posts', from: 'body', to: 'content' },
    ]);
    expect(summary(operations)).toEqual([
      'renameTable users->members',
      'renamePrimaryKey members.users_pkey->members_pkey',
      'renameColumn posts.body->content',
    ]);
  });

  it('follows a renamed table in the foreign keys that reference it', async () => {
    const prev = schema([
      people('users'),
      table('posts', [col('id', t.int), col('author_id', t.int)], {
        foreignKeys: [fk('posts_author_fkey', ['author_id'], 'users')],
      }),
    ]);
    const next = schema([
      people('members', 'users'),
      table('posts', [col('id', t.int), col('author_id', t.int)], {
        foreignKeys: [fk('posts_author_fkey', ['author_id'], 'members')],
      }),
    ]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual(['renameTable users->members', 'renamePrimaryKey members.users_pkey->members_pkey']);
  });

  it('follows renamed referenced columns too', async () => {
    const prev = schema([
      table('users', [col('uid', t.int), col('name', t.text)], { primaryKey: ['uid'] }),
      table('posts', [col('id', t.int), col('author', t.int)], {
        foreignKeys: [fk('posts_author_fkey', ['author'], 'users', ['uid'])],
      }),
    ]);
    const next = schema([
      table('members', [col('id', t.int, { renamedFrom: 'uid' }), col('name', t.text)], { renamedFrom: 'users' }),
      table('posts', [col('id', t.int), col('author_id', t.int, { renamedFrom: 'author' })], {
        foreignKeys: [fk('posts_author_fkey', ['author_id'], 'members', ['id'])],
      }),
    ]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual([
      'renameTable users->members',
      'renamePrimaryKey members.users_pkey->members_pkey',
      'renameColumn members.uid->id',
      'renameColumn posts.author->author_id',
    ]);
  });
});

describe('diffSchemas: what a rename renames', () => {
  it('renames the foreign keys named after a renamed table, and its inline enum type, without a type change', async () => {
    const prev = schema(
      [
        table('teams', [col('id', t.int)]),
        table('people', [col('id', t.int), col('team_id', t.int), col('status', t.enum('people_status'))], {
          foreignKeys: [fk('people_team_id_fkey', ['team_id'], 'teams')],
        }),
      ],
      [{ name: 'people_status', values: ['active', 'away'] }],
    );
    const next = schema(
      [
        table('teams', [col('id', t.int)]),
        table('members', [col('id', t.int), col('team_id', t.int), col('status', t.enum('members_status'))], {
          renamedFrom: 'people',
          foreignKeys: [fk('members_team_id_fkey', ['team_id'], 'teams')],
        }),
      ],
      [{ name: 'members_status', values: ['active', 'away'] }],
    );
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual([
      'renameEnum people_status->members_status',
      'renameTable people->members',
      'renamePrimaryKey members.people_pkey->members_pkey',
      'renameForeignKey members.people_team_id_fkey->members_team_id_fkey',
    ]);
  });

  it('offers a table with an inline enum as a rename candidate, and renames its type when accepted', async () => {
    const prev = schema(
      [table('people', [col('id', t.int), col('status', t.enum('people_status'))])],
      [{ name: 'people_status', values: ['a', 'b'] }],
    );
    const next = schema(
      [table('members', [col('id', t.int), col('status', t.enum('members_status'))])],
      [{ name: 'members_status', values: ['a', 'b'] }],
    );
    const resolver = new StubResolver({ 'people->members': true });
    const { operations } = await diffSchemas(prev, next, { renames: resolver });
    expect(resolver.asked).toEqual([{ kind: 'table', from: 'people', to: 'members' }]);
    expect(summary(operations)).toContain('renameEnum people_status->members_status');
    expect(operations.some((op) => op.kind === 'alterColumn' || op.kind === 'createEnum' || op.kind === 'dropEnum')).toBe(false);
  });

  it('keeps an enum whose values change too as a change of type (not a rename)', async () => {
    const prev = schema([users([col('state', t.enum('users_state'))])], [{ name: 'users_state', values: ['a'] }]);
    const next = schema(
      [users([col('status', t.enum('users_status'), { renamedFrom: 'state' })])],
      [{ name: 'users_status', values: ['a', 'b'] }],
    );
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual([
      'createEnum users_status',
      'renameColumn users.state->status',
      'alterColumn users.status',
      'dropEnum users_state',
    ]);
  });
});

describe('diffSchemas: an inline enum of a table moved to another schema', () => {
  it('is a new type there, not a rename (ALTER TYPE … RENAME cannot move a type)', async () => {
    const prev = schema(
      [table('people', [col('id', t.int), col('status', t.enum('people_status'))])],
      [{ name: 'people_status', values: ['a', 'b'] }],
    );
    const next = schema(
      [table('sales.people', [col('id', t.int), col('status', t.enum('sales.people_status'))], { renamedFrom: 'people' })],
      [{ name: 'sales.people_status', values: ['a', 'b'] }],
    );
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).not.toContain('renameEnum people_status->sales.people_status');
    expect(summary(operations)).toContain('createEnum sales.people_status');
  });
});
