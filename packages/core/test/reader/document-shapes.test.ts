import { readEntities } from '../../src/reader';
import { type SchemaModel, normalizeSchema, sameDocumentType } from '../../src/model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSnapshot, serializeSnapshot, SNAPSHOT_FORMAT } from '../../src/snapshot';
import { FIXTURES, fixture } from './read-fixtures';

const read = (documents: boolean): SchemaModel =>
  readEntities([fixture('documents/order.ts')], { naming: 'snake_case', cwd: FIXTURES, ...(documents ? { documents } : {}) });
const columnType = (model: SchemaModel, name: string) => model.tables[0]!.columns.find((c) => c.name === name)!.type;

describe('reading for a document database: JSON shapes and collection tags', () => {
  const model = read(true);

  it('a nested object keeps its properties: optional ones, nullable ones, nested objects', () => {
    expect(columnType(model, 'shipping')).toEqual({
      kind: 'json',
      shape: {
        kind: 'object',
        properties: [
          { name: 'street', optional: false, shape: { kind: 'scalar', type: 'string' } },
          { name: 'zip', optional: true, shape: { kind: 'scalar', type: 'string' } },
          {
            name: 'geo',
            optional: false,
            shape: {
              kind: 'object',
              nullable: true,
              properties: [
                { name: 'lat', optional: false, shape: { kind: 'scalar', type: 'number' } },
                { name: 'lng', optional: false, shape: { kind: 'scalar', type: 'number' } },
              ],
            },
          },
        ],
      },
    });
  });

  it('an array of objects, literal unions as enums, an open Record, unknown elements', () => {
    expect(columnType(model, 'lines')).toEqual({
      kind: 'json',
      shape: {
        kind: 'array',
        element: {
          kind: 'object',
          properties: [
            { name: 'sku', optional: false, shape: { kind: 'scalar', type: 'string' } },
            { name: 'quantity', optional: false, shape: { kind: 'scalar', type: 'number' } },
            { name: 'status', optional: false, shape: { kind: 'enum', values: ['new', 'paid'] } },
          ],
        },
      },
    });
    expect(columnType(model, 'attributes')).toEqual({
      kind: 'json',
      shape: { kind: 'record', value: { kind: 'scalar', type: 'string', nullable: true } },
    });
    expect(columnType(model, 'meta')).toEqual({ kind: 'json', shape: { kind: 'array', element: { kind: 'any' } } });
  });

  it('a recursive type ends in `any` instead of looping', () => {
    expect(columnType(model, 'thread')).toEqual({
      kind: 'json',
      shape: {
        kind: 'object',
        properties: [
          { name: 'text', optional: false, shape: { kind: 'scalar', type: 'string' } },
          { name: 'replies', optional: false, shape: { kind: 'array', element: { kind: 'any' } } },
        ],
      },
    });
  });

  it('reads the collection options (fields by their stored names) and the TTL index', () => {
    const orders = model.tables[0]!;
    expect(orders.collectionOptions).toEqual({ collation: 'en', timeSeries: 'placed_at, customer_id, hours' });
    expect(orders.indexes).toEqual([{ name: 'orders_placed_at_idx', columns: ['placed_at'], unique: false, expireAfterSeconds: 600 }]);
  });

  it('SQL reads are as before: JSON without a shape, no collection options, no TTL index', () => {
    const sql = read(false);
    expect(columnType(sql, 'shipping')).toEqual({ kind: 'json' });
    expect(sql.tables[0]!.collectionOptions).toBeUndefined();
    expect(sql.tables[0]!.indexes).toEqual([]);
  });

  it('a snapshot keeps the shapes, and a change of shape is a change for documents only', () => {
    const schema = normalizeSchema(model);
    const text = serializeSnapshot({ format: SNAPSHOT_FORMAT, id: 'x', parentId: null, version: 'v', schema });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-snap-')), 'x.snapshot.json');
    fs.writeFileSync(file, text);
    const loaded = readSnapshot(file);
    expect(loaded.schema).toEqual(JSON.parse(JSON.stringify(schema)));
    const without = { kind: 'json' } as const;
    expect(sameDocumentType(columnType(loaded.schema, 'shipping'), columnType(schema, 'shipping'))).toBe(true);
    expect(sameDocumentType(without, columnType(schema, 'shipping'))).toBe(false);
  });
});
