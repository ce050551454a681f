import { diffSchemas } from '../../src/diff';
import { col, fk, idx, schema, StubResolver, summary, t, table, users } from './helpers';

const posts = (options: Parameters<typeof table>[2]) =>
  table('posts', [col('id', t.int), col('author_id', t.int), col('slug', t.varchar(100)), col('title', t.text)], options);

async function diff(before: Parameters<typeof posts>[0], after: Parameters<typeof posts>[0]) {
  return (
    await diffSchemas(schema([users(), posts(before)]), schema([users(), posts(after)]), {
      renames: new StubResolver(),
    })
  ).operations;
}

describe('diffSchemas: indexes', () => {
  it('creates, drops and leaves alone indexes by name', async () => {
    const operations = await diff(
      { indexes: [idx('posts_slug_key', ['slug'], true), idx('posts_title_idx', ['title'])] },
      { indexes: [idx('posts_author_id_idx', ['author_id']), idx('posts_slug_key', ['slug'], true)] },
    );
    expect(operations).toStrictEqual([
      { kind: 'dropIndex', table: 'posts', index: { name: 'posts_title_idx', columns: ['title'], unique: false } },
      {
        kind: 'createIndex',
        table: 'posts',
        index: { name: 'posts_author_id_idx', columns: ['author_id'], unique: false },
      },
    ]);
  });

  it('drops and re-creates an index whose columns or uniqueness changed', async () => {
    expect(summary(await diff({ indexes: [idx('posts_main', ['slug'])] }, { indexes: [idx('posts_main', ['slug'], true)] }))).toEqual([
      'dropIndex posts.posts_main',
      'createIndex posts.posts_main',
    ]);
    expect(
      summary(await diff({ indexes: [idx('posts_main', ['slug', 'title'])] }, { indexes: [idx('posts_main', ['title', 'slug'])] })),
    ).toEqual(['dropIndex posts.posts_main', 'createIndex posts.posts_main']);
  });
});

describe('diffSchemas: foreign keys', () => {
  it('adds and drops foreign keys', async () => {
    const key = fk('posts_author_id_fkey', ['author_id'], 'users');
    expect(await diff({}, { foreignKeys: [key] })).toStrictEqual([
      {
        kind: 'addForeignKey',
        table: 'posts',
        foreignKey: {
          name: 'posts_author_id_fkey',
          columns: ['author_id'],
          referencedTable: 'users',
          referencedColumns: ['id'],
        },
      },
    ]);
    expect(summary(await diff({ foreignKeys: [key] }, {}))).toEqual(['dropForeignKey posts.posts_author_id_fkey']);
  });

  it('drops and re-adds a foreign key whose action or target changed', async () => {
    const before = { foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users')] };
    expect(summary(await diff(before, { foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users', ['id'], 'cascade')] }))).toEqual([
      'dropForeignKey posts.posts_author_id_fkey',
      'addForeignKey posts.posts_author_id_fkey',
    ]);
  });

  it('drops keys and indexes before changing columns, adds them after', async () => {
    const operations = await diff(
      {
        foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'users')],
        indexes: [idx('posts_author_idx', ['author_id'])],
      },
      { foreignKeys: [], indexes: [] },
    );
    expect(summary(operations)).toEqual(['dropForeignKey posts.posts_author_id_fkey', 'dropIndex posts.posts_author_idx']);

    const prev = schema([
      users(),
      table('posts', [col('id', t.int), col('author', t.int)], {
        foreignKeys: [fk('posts_author_fkey', ['author'], 'users')],
        indexes: [idx('posts_author_idx', ['author'])],
      }),
    ]);
    const next = schema([
      users(),
      table('posts', [col('id', t.int), col('writer_id', t.bigint)], {
        foreignKeys: [fk('posts_writer_id_fkey', ['writer_id'], 'users')],
        indexes: [idx('posts_writer_id_idx', ['writer_id'])],
      }),
    ]);
    const { operations: replaced } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(replaced)).toEqual([
      'dropForeignKey posts.posts_author_fkey',
      'dropIndex posts.posts_author_idx',
      'addColumn posts.writer_id',
      'dropColumn posts.author',
      'createIndex posts.posts_writer_id_idx',
      'addForeignKey posts.posts_writer_id_fkey',
    ]);
  });

  it('describes a dropped key by the renamed table it references, with the old column names', async () => {
    const prev = schema([
      table('users', [col('id', t.int), col('name', t.text)]),
      table('posts', [col('id', t.int), col('author', t.int)], {
        foreignKeys: [fk('posts_author_fkey', ['author'], 'users')],
      }),
    ]);
    const next = schema([
      table('members', [col('id', t.int), col('name', t.text)], { renamedFrom: 'users' }),
      table('posts', [col('id', t.int), col('author_id', t.int, { renamedFrom: 'author' })], {
        foreignKeys: [fk('posts_author_id_fkey', ['author_id'], 'members', ['id'], 'cascade')],
      }),
    ]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(operations).toStrictEqual([
      { kind: 'renameTable', from: 'users', to: 'members' },
      { kind: 'renamePrimaryKey', table: 'members', from: 'users_pkey', to: 'members_pkey' },
      {
        kind: 'dropForeignKey',
        table: 'posts',
        foreignKey: {
          name: 'posts_author_fkey',
          columns: ['author'],
          referencedTable: 'members',
          referencedColumns: ['id'],
        },
      },
      { kind: 'renameColumn', table: 'posts', from: 'author', to: 'author_id' },
      {
        kind: 'addForeignKey',
        table: 'posts',
        foreignKey: {
          name: 'posts_author_id_fkey',
          columns: ['author_id'],
          referencedTable: 'members',
          referencedColumns: ['id'],
          onDelete: 'cascade',
        },
      },
    ]);
  });
});
