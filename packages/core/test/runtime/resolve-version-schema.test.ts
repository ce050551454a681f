import { GatiError } from '@gati-framework/migrations';
import { resolveVersionSchema, versionApplicationName } from '@gati-framework/migrations/runtime';

const v002 = { schema: 'gati_v_1707991200_products_002', version: 'tsv:1707991200-products-002' };
const v004 = { schema: 'gati_v_1707995000_products_004', version: 'tsv:1707995000-products-004' };
const iso = { schema: 'gati_v_2024_02_15t11_00_00z', version: '2024-02-15T11:00:00Z' }; // 1707994800

function caught(run: () => unknown): GatiError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatiError) return error;
    throw error;
  }
  throw new Error('expected a GatiError');
}

describe('resolveVersionSchema', () => {
  it("picks the version's own schema", () => {
    expect(resolveVersionSchema('tsv:1707995000-products-004', [v002, v004])).toEqual(v004);
    expect(resolveVersionSchema('tsv:1707991200-products-002', [v004, v002])).toEqual(v002);
  });

  it('gives a version whose migration changed nothing the latest earlier schema, ISO and tsv ids mixed', () => {
    expect(resolveVersionSchema('tsv:1707993000-orders-003', [v004, v002, iso])).toEqual(v002);
    expect(resolveVersionSchema('tsv:1707994900-orders-003', [v004, v002, iso])).toEqual(iso);
    expect(resolveVersionSchema('2024-03-01T00:00:00Z', [v002, iso, v004])).toEqual(v004);
  });

  it('uses the tables themselves, with the handler as gati.version, when no zero-downtime migration ever ran', () => {
    expect(resolveVersionSchema('tsv:1707991200-products-002', [])).toEqual({ schema: undefined, version: 'tsv:1707991200-products-002' });
  });

  it('passes over a schema whose comment is not a version id', () => {
    const stray = { schema: 'gati_v_scratch', version: 'made by hand' };
    expect(resolveVersionSchema('tsv:1707991200-products-002', [stray])).toEqual({
      schema: undefined,
      version: 'tsv:1707991200-products-002',
    });
    expect(resolveVersionSchema('tsv:1707993000-orders-003', [stray, v002])).toEqual(v002);
  });

  it('gives the tables themselves to a version older than every schema (the one that was live before the first expand)', () => {
    expect(resolveVersionSchema('tsv:1707990000-products-001', [v004, v002])).toEqual({
      schema: undefined,
      version: 'tsv:1707990000-products-001',
    });
  });

  it('rejects a handler version that is not a version id as a usage error', () => {
    expect(caught(() => resolveVersionSchema('products-v2', [v002])).code).toBe('USAGE');
  });
});

describe('versionApplicationName', () => {
  it('names the schema version, and the handler when it uses an earlier schema', () => {
    expect(versionApplicationName(v002.version, v002.version)).toBe('gati tsv:1707991200-products-002');
    expect(versionApplicationName(v002.version, '2024-02-15T10:30:00Z')).toBe('gati tsv:1707991200-products-002 for 2024-02-15T10:30:00Z');
  });

  it('cuts to 63 bytes, never inside a character', () => {
    const long = versionApplicationName(v002.version, `tsv:1707991300-${'h'.repeat(100)}-001`);
    expect(long).toHaveLength(63);
    expect(long.startsWith('gati tsv:1707991200-products-002 for tsv:1707991300-hhh')).toBe(true);
    const wide = versionApplicationName('tsv:1707991200-p-002', `tsv:1707991300-${'é'.repeat(40)}-001`);
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(63);
    expect(wide.endsWith('é')).toBe(true);
  });
});
