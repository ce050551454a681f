import { tableNameFor } from '../../src/model';
import { parseDefault } from '../../src/reader/default-value';
import type { GatiTag } from '../../src/reader/jsdoc-tags';
import { parseDecimal, parseOnDelete, previousTableName } from '../../src/reader/tag-arguments';

/** A tag as the reader sees it; the node only serves for locations, which these tests do not look at. */
const tag = (name: GatiTag['name'], text: string): GatiTag => ({ name, text, node: undefined as never });

describe('@default', () => {
  it.each([
    ["'USD'", { kind: 'literal', value: 'USD' }],
    ['"USD"', { kind: 'literal', value: 'USD' }],
    ["'it''s'", { kind: 'literal', value: "it's" }],
    ["''", { kind: 'literal', value: '' }],
    ['true', { kind: 'literal', value: true }],
    ['false', { kind: 'literal', value: false }],
    ['null', { kind: 'literal', value: null }],
    ['0', { kind: 'literal', value: 0 }],
    ['-12', { kind: 'literal', value: -12 }],
    ['1.5', { kind: 'literal', value: 1.5 }],
    ['9007199254740993', { kind: 'sql', expression: '9007199254740993' }],
    ['now()', { kind: 'sql', expression: 'now()' }],
    ['CURRENT_TIMESTAMP', { kind: 'sql', expression: 'CURRENT_TIMESTAMP' }],
    ['  gen_random_uuid()  ', { kind: 'sql', expression: 'gen_random_uuid()' }],
  ])('%s', (text, expected) => {
    expect(parseDefault(text)).toStrictEqual(expected);
  });
});

describe('@decimal', () => {
  it.each([
    ['10 2', { precision: 10, scale: 2 }],
    ['10, 2', { precision: 10, scale: 2 }],
    ['(12,4)', { precision: 12, scale: 4 }],
    ['8', { precision: 8, scale: 0 }],
  ])('%s', (text, expected) => {
    expect(parseDecimal(tag('decimal', text))).toStrictEqual(expected);
  });

  it('rejects a scale larger than the precision', () => {
    expect(() => parseDecimal(tag('decimal', '2 4'))).toThrow('@decimal needs a precision and a scale');
  });
});

describe('@onDelete', () => {
  it.each([
    ['cascade', 'cascade'],
    ['SET NULL', 'set null'],
    ['setNull', 'set null'],
    ['no_action', 'no action'],
    ['restrict', 'restrict'],
  ])('%s', (text, expected) => {
    expect(parseOnDelete(tag('onDelete', text))).toBe(expected);
  });
});

describe('@renamedFrom on a type', () => {
  it('turns a type name into its table name', () => {
    expect(previousTableName('Product', 'snake_case')).toBe('products');
    expect(previousTableName('OrderItem', 'snake_case')).toBe('order_items');
  });

  it('keeps a name that already is a table name', () => {
    expect(previousTableName('products', 'snake_case')).toBe('products');
    expect(previousTableName('legacy_status', 'snake_case')).toBe('legacy_status');
    expect(previousTableName('Product', 'preserve')).toBe('Product');
  });

  it('agrees with tableNameFor, which is idempotent on plural snake_case names', () => {
    for (const name of ['products', 'order_items', 'categories', 'people']) {
      expect(tableNameFor(name, 'snake_case')).toBe(name);
      expect(previousTableName(name, 'snake_case')).toBe(name);
    }
  });
});
