import { conversionRequirement, conversionRule, findDataLoss, typeConversionLoss } from '../../src/diff';
import type { LogicalType } from '../../src/model';
import { col, t, users } from './helpers';

const alter = (from: LogicalType, to: LogicalType, nullable: [boolean, boolean] = [false, false]) =>
  findDataLoss({
    kind: 'alterColumn',
    table: 'users',
    from: col('c', from, { nullable: nullable[0] }),
    to: col('c', to, { nullable: nullable[1] }),
  });

describe('findDataLoss', () => {
  it('reports drops of tables and columns', () => {
    expect(findDataLoss({ kind: 'dropTable', table: users() })).toBe('Dropping table users deletes all its rows');
    expect(findDataLoss({ kind: 'dropColumn', table: 'users', column: col('email', t.text) })).toBe(
      'Dropping column users.email deletes its values',
    );
  });

  it('reports enum values removed, not values added or reordered', () => {
    const from = { name: 'status', values: ['a', 'b', 'c'] };
    expect(findDataLoss({ kind: 'alterEnum', from, to: { name: 'status', values: ['a'] } })).toMatch(/'b', 'c'.*status/);
    expect(findDataLoss({ kind: 'alterEnum', from, to: { name: 'status', values: ['c', 'b', 'a', 'd'] } })).toBeUndefined();
  });

  it.each<[string, LogicalType, LogicalType]>([
    ['a shorter varchar', t.varchar(255), t.varchar(100)],
    ['text to varchar', t.text, t.varchar(255)],
    ['a lower decimal precision', t.decimal(10, 2), t.decimal(8, 2)],
    ['a lower decimal scale', t.decimal(10, 2), t.decimal(10, 1)],
    ['fewer integer digits in a decimal', t.decimal(10, 2), t.decimal(10, 3)],
    ['bigint to int', t.bigint, t.int],
    ['float to int', t.float, t.int],
    ['float to decimal', t.float, t.decimal(20, 6)],
    ['decimal to int', t.decimal(10, 2), t.int],
    ['a decimal too wide for int', t.decimal(10, 0), t.int],
    ['int to a small decimal', t.int, t.decimal(6, 2)],
    ['bigint to float', t.bigint, t.float],
    ['json to varchar', t.json, t.varchar(255)],
    ['json to int', t.json, t.int],
    ['text to an enum', t.text, t.enum('status')],
    ['one enum to another', t.enum('a'), t.enum('b')],
    ['text to int', t.text, t.int],
    ['text to json', t.text, t.json],
    ['text to uuid', t.text, t.uuid],
    ['int to boolean', t.int, t.boolean],
    ['timestamp to int', t.timestamp, t.int],
    ['bigint to a short varchar', t.bigint, t.varchar(10)],
  ])('checks %s row by row instead of losing values: the rows that do not convert stop the migration', (_what, from, to) => {
    expect(alter(from, to)).toBeUndefined();
    expect(typeConversionLoss(from, to)).toMatch(/^\S+ -> \S+: /);
    expect(conversionRule(from, to)).not.toMatch(/^(cast|unknown)$/);
    expect(conversionRequirement(from, to)).toEqual(expect.any(String));
  });

  it('reports a conversion to or from a custom type, which nothing checks', () => {
    expect(alter(t.custom('tsvector'), t.text)).toBe(
      'Changing users.c from tsvector to text: cannot tell whether every value converts (check it by hand)',
    );
    expect(conversionRule(t.custom('tsvector'), t.text)).toBe('unknown');
  });

  it.each<[string, LogicalType, LogicalType]>([
    ['a longer varchar', t.varchar(100), t.varchar(255)],
    ['varchar to text', t.varchar(100), t.text],
    ['int to bigint', t.int, t.bigint],
    ['int to float', t.int, t.float],
    ['int to a wide decimal', t.int, t.decimal(12, 2)],
    ['a wider decimal', t.decimal(10, 2), t.decimal(12, 4)],
    ['a small decimal to int', t.decimal(9, 0), t.int],
    ['a decimal to float', t.decimal(10, 2), t.float],
    ['anything to text', t.timestamp, t.text],
    ['json to text', t.json, t.text],
    ['an enum to text', t.enum('status'), t.text],
    ['uuid to varchar(36)', t.uuid, t.varchar(36)],
    ['int to varchar(20)', t.int, t.varchar(20)],
    ['boolean to int', t.boolean, t.int],
    ['int to json', t.int, t.json],
  ])('accepts %s', (_what, from, to) => {
    expect(alter(from, to)).toBeUndefined();
    expect(typeConversionLoss(from, to)).toBeUndefined();
    expect(conversionRule(from, to)).toBe('cast');
  });

  it('does not count making a column NOT NULL as data loss (its NULLs are backfilled), only the type change with it', () => {
    expect(alter(t.int, t.int, [true, false])).toBeUndefined();
    expect(alter(t.bigint, t.int, [true, false])).toBeUndefined();
    expect(conversionRequirement(t.bigint, t.int)).toBe('a whole number in the int range');
    expect(alter(t.int, t.int, [false, true])).toBeUndefined();
  });

  it('finds nothing lost in other operations', () => {
    expect(findDataLoss({ kind: 'addColumn', table: 'users', column: col('c', t.int) })).toBeUndefined();
    expect(findDataLoss({ kind: 'renameColumn', table: 'users', from: 'a', to: 'b' })).toBeUndefined();
    expect(findDataLoss({ kind: 'dropIndex', table: 'users', index: { name: 'i', columns: ['a'], unique: true } })).toBeUndefined();
    expect(findDataLoss({ kind: 'dropEnum', enum: { name: 'status', values: ['a'] } })).toBeUndefined();
    expect(
      findDataLoss({
        kind: 'alterColumn',
        table: 'users',
        from: col('c', t.int),
        to: col('c', t.int, { default: { kind: 'literal', value: 1 } }),
      }),
    ).toBeUndefined();
  });
});
