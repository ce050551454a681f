import { type SchemaModel, type TableModel, compareCodePoints, normalizeSchema } from '../../src/model';

/*
 * The order of names in snapshots and generated files is the code point order, the same on every machine; a
 * locale's collation is not (see test/cli/locale.cases.ts for `generate` run under several locales).
 */

function table(name: string, indexes: readonly string[] = []): TableModel {
  return {
    name,
    columns: [{ name: 'id', type: { kind: 'int' }, nullable: false }],
    primaryKey: ['id'],
    indexes: indexes.map((index) => ({ name: index, columns: ['id'], unique: false })),
    foreignKeys: [],
  };
}

describe('compareCodePoints', () => {
  it('orders by code point whatever the default locale: aa before zz before å, upper case before lower case', () => {
    expect(['zebras', 'åls', 'aardvarks', 'Zebra', '_x', 'a1'].sort(compareCodePoints)).toEqual([
      'Zebra',
      '_x',
      'a1',
      'aardvarks',
      'zebras',
      'åls',
    ]);
    expect(compareCodePoints('aa', 'zz')).toBeLessThan(0);
    expect(compareCodePoints('zz', 'aa')).toBeGreaterThan(0);
    expect(compareCodePoints('orders', 'orders')).toBe(0);
    expect(compareCodePoints('order', 'orders')).toBeLessThan(0);
  });

  it('orders a character beyond U+FFFF after U+FFFD, as its code point says (UTF-16 code units say otherwise)', () => {
    expect(['\u{1F600}', '\uFFFD', 'a'].sort(compareCodePoints)).toEqual(['a', '\uFFFD', '\u{1F600}']);
    expect(['\u{1F600}', '\uFFFD'].sort()).toEqual(['\u{1F600}', '\uFFFD']);
  });

  it('is not the order of a locale: Danish collation puts aardvarks after zebras, English before', () => {
    // Node with full ICU (the official builds): what `localeCompare` did under LANG=da_DK.UTF-8.
    expect(Intl.Collator.supportedLocalesOf(['da-DK'])).toEqual(['da-DK']);
    expect(new Intl.Collator('da-DK').compare('aardvarks', 'zebras')).toBeGreaterThan(0);
    expect(new Intl.Collator('en-US').compare('aardvarks', 'zebras')).toBeLessThan(0);
    expect(compareCodePoints('aardvarks', 'zebras')).toBeLessThan(0);
  });
});

describe('normalizeSchema', () => {
  it('sorts tables, indexes and enums by code point, as snapshots store them', () => {
    const schema: SchemaModel = {
      tables: [table('zebras'), table('aardvarks', ['aardvarks_å_idx', 'aardvarks_zz_idx', 'aardvarks_aa_idx']), table('Zebra')],
      enums: [
        { name: 'zz_kind', values: ['b', 'a'] },
        { name: 'aa_kind', values: ['z', 'a'] },
      ],
    };
    const normal = normalizeSchema(schema);
    expect(normal.tables.map((t) => t.name)).toEqual(['Zebra', 'aardvarks', 'zebras']);
    expect(normal.tables[1]!.indexes.map((i) => i.name)).toEqual(['aardvarks_aa_idx', 'aardvarks_zz_idx', 'aardvarks_å_idx']);
    expect(normal.enums.map((e) => e.name)).toEqual(['aa_kind', 'zz_kind']);
    // enum values keep their order: it is the type's
    expect(normal.enums[0]!.values).toEqual(['z', 'a']);
  });
});
