import { createHash } from 'node:crypto';
import { versionSchemaName } from '@gati-framework/migrations';

describe('versionSchemaName', () => {
  it('names a Timescape id and an ISO id as the decisions say', () => {
    expect(versionSchemaName('tsv:1707991200-products-002')).toBe('gati_v_1707991200_products_002');
    expect(versionSchemaName('2024-01-15T10:00:00Z')).toBe('gati_v_2024_01_15t10_00_00z');
  });

  it('folds every run of other characters into one underscore and trims them at the ends', () => {
    expect(versionSchemaName('tsv:1707991200-api/v2.orders__x-001')).toBe('gati_v_1707991200_api_v2_orders_x_001');
    expect(versionSchemaName('2024-01-15T10:00:00.123Z')).toBe('gati_v_2024_01_15t10_00_00_123z');
  });

  it('cuts a long id to 63 bytes, ending with the first 8 hex digits of its SHA-1', () => {
    const handler = 'h'.repeat(200);
    const version = `tsv:1707991200-${handler}-001`;
    const name = versionSchemaName(version);
    const hash = createHash('sha1').update(version).digest('hex').slice(0, 8);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name).toBe(`gati_v_1707991200_${'h'.repeat(63 - 'gati_v_1707991200_'.length - 9)}_${hash}`);
    expect(name).toMatch(/^[a-z0-9_]+$/);
  });

  it('gives two long ids that share their first 63 characters two names', () => {
    const base = `tsv:1707991200-${'handler'.repeat(20)}`;
    const first = versionSchemaName(`${base}-001`);
    const second = versionSchemaName(`${base}-002`);
    expect(first).not.toBe(second);
    expect(first.slice(0, 54)).toBe(second.slice(0, 54));
  });

  it('keeps a name of exactly 63 bytes whole', () => {
    const version = `tsv:1707991200-${'a'.repeat(63 - 'gati_v_1707991200__001'.length)}-001`;
    expect(versionSchemaName(version)).toHaveLength(63);
    expect(versionSchemaName(version)).toBe(`gati_v_1707991200_${'a'.repeat(63 - 'gati_v_1707991200__001'.length)}_001`);
  });
});
