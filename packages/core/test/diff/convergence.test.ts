import { diffSchemas, invertChangeSet } from '../../src/diff';
import type { SchemaModel, TableModel } from '../../src/model';
import { applyOperations, comparable } from './apply-operations';
import { col, fk, idx, schema, StubResolver, t, table } from './helpers';

function refs(name: string, ...referenced: string[]): TableModel {
  return table(name, [col('id', t.int), ...referenced.map((r) => col(`${r}_id`, t.int, { nullable: true }))], {
    foreignKeys: referenced.map((r) => fk(`${name}_${r}_id_fkey`, [`${r}_id`], r)),
  });
}

const scenarios: Array<[string, SchemaModel, SchemaModel, Record<string, boolean>?]> = [
  ['from nothing', schema([]), schema([refs('a', 'b'), refs('b', 'c'), refs('c', 'b'), refs('d', 'd')], [{ name: 'e', values: ['x'] }])],
  ['to nothing', schema([refs('a', 'b'), refs('b', 'c'), refs('c', 'b', 'a')], [{ name: 'e', values: ['x'] }]), schema([])],
  [
    'renamed tables and columns under keys and indexes',
    schema([
      table('users', [col('uid', t.int), col('mail', t.text), col('nick', t.text)], {
        primaryKey: ['uid'],
        indexes: [idx('users_mail_key', ['mail'], true), idx('users_nick', ['nick'])],
      }),
      table('posts', [col('id', t.int), col('author', t.int), col('body', t.text)], {
        foreignKeys: [fk('posts_author_fkey', ['author'], 'users', ['uid'])],
        indexes: [idx('posts_author_idx', ['author'])],
      }),
      table('logs', [col('id', t.int), col('user_uid', t.int)], {
        foreignKeys: [fk('logs_user_fkey', ['user_uid'], 'users', ['uid'])],
      }),
    ]),
    schema([
      table(
        'members',
        [col('id', t.int, { renamedFrom: 'uid' }), col('email', t.varchar(200), { renamedFrom: 'mail' }), col('handle', t.text)],
        {
          renamedFrom: 'users',
          primaryKey: ['id'],
          indexes: [idx('members_email_key', ['email'], true), idx('users_nick', ['handle'])],
        },
      ),
      table('posts', [col('id', t.int), col('author_id', t.int, { renamedFrom: 'author' }), col('content', t.text)], {
        foreignKeys: [fk('posts_author_fkey', ['author_id'], 'members', ['id'], 'cascade')],
        indexes: [idx('posts_author_idx', ['author_id'])],
      }),
      refs('replies', 'posts', 'replies'),
    ]),
    { 'members.nick->handle': true, 'posts.body->content': true },
  ],
  [
    'a primary key moving onto new columns',
    schema([table('memberships', [col('id', t.int), col('user_id', t.int)], { indexes: [idx('m_user', ['user_id'])] })]),
    schema([table('memberships', [col('user_id', t.int), col('group_id', t.int)], { primaryKey: ['user_id', 'group_id'] })]),
  ],
  [
    'enums added, altered and removed with the columns that use them',
    schema(
      [table('items', [col('id', t.int), col('state', t.enum('state')), col('mood', t.enum('mood'))])],
      [
        { name: 'state', values: ['a', 'b'] },
        { name: 'mood', values: ['x'] },
      ],
    ),
    schema(
      [table('items', [col('id', t.int), col('state', t.enum('state')), col('kind', t.enum('kind'))])],
      [
        { name: 'state', values: ['b', 'a', 'c'] },
        { name: 'kind', values: ['k'] },
      ],
    ),
  ],
];

describe.each(scenarios)('convergence: %s', (_name, prev, next, answers = {}) => {
  it('up gives the next schema, a second diff is empty, down gives the previous schema back', async () => {
    const changes = await diffSchemas(prev, next, { renames: new StubResolver(answers) });
    const upgraded = applyOperations(prev, changes.operations);
    expect(comparable(upgraded)).toEqual(comparable(next));
    expect((await diffSchemas(upgraded, next, { renames: new StubResolver() })).operations).toEqual([]);

    const down = invertChangeSet(changes).operations.map((step) => step.op);
    expect(comparable(applyOperations(upgraded, down))).toEqual(comparable(prev));
  });
});
