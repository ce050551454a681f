import { diffSchemas } from '../../src/diff';
import type { EnumModel } from '../../src/model';
import { col, schema, StubResolver, summary, t, users } from './helpers';

const status = (...values: string[]): EnumModel => ({ name: 'status', values });

async function diffEnums(before: EnumModel[], after: EnumModel[]) {
  return (await diffSchemas(schema([], before), schema([], after), { renames: new StubResolver() })).operations;
}

describe('diffSchemas: enums', () => {
  it('creates and drops enums', async () => {
    expect(await diffEnums([], [status('a', 'b')])).toStrictEqual([{ kind: 'createEnum', enum: { name: 'status', values: ['a', 'b'] } }]);
    expect(await diffEnums([status('a', 'b')], [])).toStrictEqual([{ kind: 'dropEnum', enum: { name: 'status', values: ['a', 'b'] } }]);
  });

  it.each([
    ['added', ['a', 'b', 'c']],
    ['removed', ['a']],
    ['reordered', ['b', 'a']],
  ])('alters an enum whose values were %s', async (_what, values) => {
    expect(await diffEnums([status('a', 'b')], [status(...values)])).toStrictEqual([
      { kind: 'alterEnum', from: { name: 'status', values: ['a', 'b'] }, to: { name: 'status', values } },
    ]);
  });

  it('leaves an unchanged enum alone, whatever the order of the list', async () => {
    const other = { name: 'other', values: ['x'] };
    expect(await diffEnums([status('a'), other], [other, status('a')])).toEqual([]);
  });

  it('creates enums first and drops them last', async () => {
    const prev = schema([users([col('state', t.enum('old_state'))])], [{ name: 'old_state', values: ['on', 'off'] }]);
    const next = schema([users([col('state', t.enum('new_state'))])], [{ name: 'new_state', values: ['on', 'off'] }]);
    const { operations } = await diffSchemas(prev, next, { renames: new StubResolver() });
    expect(summary(operations)).toEqual(['createEnum new_state', 'alterColumn users.state', 'dropEnum old_state']);
  });
});
