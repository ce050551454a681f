import { invertChangeSet, invertOperation, type ChangeSet, type Operation } from '../../src/diff';
import { col, fk, idx, t, table, users } from './helpers';

const email = col('email', t.varchar(255), { nullable: true });
const status = { name: 'status', values: ['a', 'b'] };

const operations: Operation[] = [
  { kind: 'createEnum', enum: status },
  { kind: 'dropEnum', enum: status },
  { kind: 'alterEnum', from: status, to: { name: 'status', values: ['a', 'b', 'c'] } },
  { kind: 'createTable', table: users([email], { indexes: [idx('users_email_key', ['email'], true)] }) },
  {
    kind: 'dropTable',
    table: table('posts', [col('id', t.int), col('user_id', t.int)], {
      foreignKeys: [fk('posts_user_fkey', ['user_id'], 'users', ['id'], 'cascade')],
    }),
  },
  { kind: 'renameTable', from: 'people', to: 'users' },
  { kind: 'addColumn', table: 'users', column: email },
  {
    kind: 'dropColumn',
    table: 'users',
    column: col('score', t.decimal(10, 2), { default: { kind: 'literal', value: 0 } }),
  },
  { kind: 'renameColumn', table: 'users', from: 'mail', to: 'email' },
  { kind: 'alterColumn', table: 'users', from: col('age', t.varchar(255)), to: col('age', t.int, { nullable: true }) },
  { kind: 'alterPrimaryKey', table: 'm', from: ['id'], to: ['user_id', 'group_id'] },
  { kind: 'createIndex', table: 'users', index: idx('users_email_key', ['email'], true) },
  { kind: 'dropIndex', table: 'users', index: idx('users_name_idx', ['name']) },
  { kind: 'addForeignKey', table: 'posts', foreignKey: fk('posts_user_fkey', ['user_id'], 'users') },
  {
    kind: 'dropForeignKey',
    table: 'posts',
    foreignKey: fk('posts_user_fkey', ['user_id'], 'users', ['id'], 'set null'),
  },
  { kind: 'renameEnum', from: 'people_status', to: 'users_status' },
  { kind: 'renameIndex', table: 'users', from: 'people_email_key', index: idx('users_email_key', ['email'], true) },
  { kind: 'renameForeignKey', table: 'users', from: 'people_team_fkey', foreignKey: fk('users_team_fkey', ['team'], 'teams') },
  { kind: 'renamePrimaryKey', table: 'users', from: 'people_pkey', to: 'users_pkey' },
];

describe('invertOperation', () => {
  it.each(operations.map((op) => [op.kind, op] as const))('inverts %s and back to the same operation', (_kind, op) => {
    const once = invertOperation(op).op;
    expect(once).not.toStrictEqual(op);
    expect(invertOperation(once).op).toStrictEqual(op);
  });

  it('turns creations into drops and back, swaps renames and alterations', () => {
    expect(invertOperation({ kind: 'addColumn', table: 'users', column: email })).toStrictEqual({
      op: { kind: 'dropColumn', table: 'users', column: email },
      dataLoss: false,
    });
    expect(invertOperation({ kind: 'renameColumn', table: 'users', from: 'mail', to: 'email' }).op).toStrictEqual({
      kind: 'renameColumn',
      table: 'users',
      from: 'email',
      to: 'mail',
    });
    expect(invertOperation(operations[9]!).op).toStrictEqual({
      kind: 'alterColumn',
      table: 'users',
      from: col('age', t.int, { nullable: true }),
      to: col('age', t.varchar(255)),
    });
    expect(invertOperation(operations[10]!).op).toStrictEqual({
      kind: 'alterPrimaryKey',
      table: 'm',
      from: ['user_id', 'group_id'],
      to: ['id'],
    });
  });

  it('renames back what a rename renamed, described as it is at that point (the table and columns still renamed)', () => {
    expect(invertOperation(operations[16]!)).toStrictEqual({
      op: { kind: 'renameIndex', table: 'users', from: 'users_email_key', index: idx('people_email_key', ['email'], true) },
      dataLoss: false,
    });
    expect(invertOperation(operations[17]!).op).toStrictEqual({
      kind: 'renameForeignKey',
      table: 'users',
      from: 'users_team_fkey',
      foreignKey: fk('people_team_fkey', ['team'], 'teams'),
    });
  });

  it('marks the downs of additive operations as expected, without data loss', () => {
    for (const kind of ['createEnum', 'createTable', 'addColumn', 'createIndex', 'addForeignKey', 'renameTable', 'renameColumn']) {
      const step = invertOperation(operations.find((op) => op.kind === kind)!);
      expect([kind, step.dataLoss, step.reason]).toEqual([kind, false, undefined]);
    }
  });

  it('says when the down cannot bring data back', () => {
    const dropTable = invertOperation(operations[4]!);
    expect(dropTable.dataLoss).toBe(true);
    expect(dropTable.reason).toMatch(/posts.*rows/);

    const dropColumn = invertOperation(operations[7]!);
    expect(dropColumn.dataLoss).toBe(true);
    expect(dropColumn.reason).toMatch(/users\.score.*values/);
    expect(dropColumn.reason).not.toMatch(/NOT NULL/); // it has a default, so it can be added back

    // A NOT NULL column without a default comes back filled with a placeholder of its type, and says so.
    const required = invertOperation({ kind: 'dropColumn', table: 'users', column: col('code', t.text) });
    expect(required.reason).toBe(
      "The down adds column users.code back, filled with '' as a placeholder: the values dropped by the up cannot be restored",
    );
    expect(required.backfill).toEqual({ kind: 'literal', value: '' });
    // A type the model knows no value of cannot be filled: the reason says the down fails on rows.
    const blob = invertOperation({ kind: 'dropColumn', table: 'users', column: col('avatar', t.custom('bytea')) });
    expect(blob.backfill).toBeUndefined();
    expect(blob.reason).toMatch(/cannot be added to a table that has rows/);

    const removed = invertOperation({
      kind: 'alterEnum',
      from: { name: 'status', values: ['a', 'b', 'c'] },
      to: { name: 'status', values: ['a'] },
    });
    expect(removed.dataLoss).toBe(true);
    expect(removed.reason).toMatch(/'b', 'c'.*status/);
  });

  it('marks the down of added enum values as losing the rows that hold them', () => {
    const added = invertOperation(operations[2]!); // status: a, b -> a, b, c
    expect(added.dataLoss).toBe(true);
    expect(added.reason).toBe(
      "The down removes 'c' from enum status: rows that hold it by then get the value the file maps it to (REVIEW at its top)",
    );
    const reordered = invertOperation({
      kind: 'alterEnum',
      from: { name: 'status', values: ['a', 'b'] },
      to: { name: 'status', values: ['b', 'a'] },
    });
    expect(reordered.dataLoss).toBe(false);
  });

  it('marks the down of a conversion that parsed text: each value comes back as its own text, not as it was written', () => {
    const toInt = invertOperation({ kind: 'alterColumn', table: 'users', from: col('age', t.varchar(255)), to: col('age', t.int) });
    expect(toInt.dataLoss).toBe(true);
    expect(toInt.reason).toBe(
      "The down converts users.age from int back to varchar(255): each value comes back as its own text, so text the up read differently (' 7', '+7' or '007' for 7) does not come back as it was",
    );
    // The down of a widening narrows: it checks every row and stops on a value written since that does not fit,
    // which loses nothing.
    const toText = invertOperation({ kind: 'alterColumn', table: 'coupons', from: col('code', t.int), to: col('code', t.varchar(255)) });
    expect(toText.dataLoss).toBe(false);
    const toBigint = invertOperation({ kind: 'alterColumn', table: 'users', from: col('visits', t.int), to: col('visits', t.bigint) });
    expect(toBigint.dataLoss).toBe(false);
  });

  it('backfills what the down makes NOT NULL again: the default, else a placeholder of the type', () => {
    const loosened = (column: ReturnType<typeof col>) =>
      invertOperation(
        { kind: 'alterColumn', table: 'users', from: column, to: { ...column, nullable: true } },
        {
          enums: [{ name: 'tier', values: ['free', 'pro'] }],
        },
      );
    expect(loosened(col('score', t.int)).backfill).toEqual({ kind: 'literal', value: 0 });
    expect(loosened(col('active', t.boolean)).backfill).toEqual({ kind: 'literal', value: false });
    expect(loosened(col('tier', t.enum('tier'))).backfill).toEqual({ kind: 'literal', value: 'free' });
    expect(loosened(col('nick', t.text, { default: { kind: 'literal', value: 'anon' } })).backfill).toEqual({
      kind: 'literal',
      value: 'anon',
    });
    expect(loosened(col('nick', t.text)).dataLoss).toBe(false);
    // Making a column nullable needs nothing in the up's direction.
    expect(invertOperation({ kind: 'addColumn', table: 'users', column: email }).backfill).toBeUndefined();
  });

  it('returns frozen copies', () => {
    const step = invertOperation(operations[3]!);
    expect(Object.isFrozen(step)).toBe(true);
    expect(Object.isFrozen((step.op as Extract<Operation, { kind: 'dropTable' }>).table.columns[0])).toBe(true);
    expect(Object.isFrozen(email)).toBe(false);
  });
});

describe('invertChangeSet', () => {
  it('inverts every operation, last first', () => {
    const changes: ChangeSet = {
      operations: [
        { kind: 'renameTable', from: 'people', to: 'users' },
        { kind: 'addColumn', table: 'users', column: email },
        { kind: 'createIndex', table: 'users', index: idx('users_email_key', ['email'], true) },
      ],
    };
    const down = invertChangeSet(changes);
    expect(down.operations.map((step) => step.op)).toStrictEqual([
      { kind: 'dropIndex', table: 'users', index: idx('users_email_key', ['email'], true) },
      { kind: 'dropColumn', table: 'users', column: email },
      { kind: 'renameTable', from: 'users', to: 'people' },
    ]);
    expect(Object.isFrozen(down.operations)).toBe(true);
    const back = invertChangeSet({ operations: down.operations.map((step) => step.op) });
    expect(back.operations.map((step) => step.op)).toStrictEqual(changes.operations);
  });
});
