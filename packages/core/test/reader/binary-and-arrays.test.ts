import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EntityError } from '../../src/errors';
import type { ColumnModel, LogicalType } from '../../src/model';
import { readEntities } from '../../src/reader';
import { fixture } from './read-fixtures';

const column = (name: string, type: LogicalType, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: false,
  ...extra,
});

/** Reads the files of one fixture folder, with that folder as the project root (its tsconfig.json, if any). */
function readFolder(folder: string, files: readonly string[]) {
  const root = fixture(folder);
  return readEntities(
    files.map((file) => path.join(root, file)),
    { naming: 'snake_case', cwd: root },
  );
}

describe('binary columns and arrays of scalars', () => {
  it("reads Buffer (from @types/node, through the project's tsconfig types) and Uint8Array as binary, arrays of scalars as arrays", () => {
    const model = readFolder('binary-and-arrays', ['attachment.ts']);
    expect(model.tables[0]!.columns).toStrictEqual([
      column('id', { kind: 'int' }),
      column('content', { kind: 'binary' }),
      column('thumbnail', { kind: 'binary' }, { nullable: true }),
      column('checksum', { kind: 'binary' }),
      column('tags', { kind: 'array', element: { kind: 'text' } }),
      column('labels', { kind: 'array', element: { kind: 'varchar', length: 40 } }),
      column('owners', { kind: 'array', element: { kind: 'uuid' } }),
      column('scores', { kind: 'array', element: { kind: 'int' } }),
      column('counters', { kind: 'array', element: { kind: 'bigint' } }),
      column('flags', { kind: 'array', element: { kind: 'boolean' } }),
      column('seen_at', { kind: 'array', element: { kind: 'timestamp' } }),
      column('maybe', { kind: 'array', element: { kind: 'text' } }),
      // Arrays of objects, of enum values and of arrays stay JSON.
      column('notes', { kind: 'json' }),
      column('states', { kind: 'json' }),
      column('grid', { kind: 'json' }),
    ]);
  });

  it("reads kysely-codegen's Buffer, number[] and ArrayType<Timestamp> (an array of timestamps, not a Timestamp)", () => {
    const model = readFolder('binary-and-arrays', ['codegen-types.ts']);
    const columns = model.tables[0]!.columns.map(({ unspecified: _unspecified, ...column }) => column).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    expect(columns).toStrictEqual([
      column('checksum', { kind: 'binary' }, { nullable: true }),
      column('content', { kind: 'binary' }),
      column('created_at', { kind: 'timestamp' }, { default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } }),
      column('id', { kind: 'int' }, { generated: true }),
      column('scores', { kind: 'array', element: { kind: 'int' } }, { nullable: true }),
      column('seen_at', { kind: 'array', element: { kind: 'timestamp' } }),
      column('tags', { kind: 'array', element: { kind: 'text' } }),
    ]);
  });

  it('reads Uint8Array without any tsconfig.json (the standard library has it)', () => {
    const model = readFolder('no-tsconfig', ['blob.ts']);
    expect(model.tables[0]!.columns[1]).toStrictEqual(column('data', { kind: 'binary' }));
  });

  it('without a tsconfig.json, Buffer is not a global (no ambient @types): the compile error says so', () => {
    expect(() => readFolder('no-tsconfig', ['buffer.ts'])).toThrow(/Cannot find name 'Buffer'/);
  });

  it('reports a tsconfig.json it cannot read, naming it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-tsconfig-'));
    try {
      fs.writeFileSync(path.join(root, 'tsconfig.json'), '{ "extends": "./missing.json" }');
      fs.writeFileSync(path.join(root, 'blob.ts'), 'export interface Blob { id: number; data: Uint8Array }\n');
      const attempt = () => readEntities([path.join(root, 'blob.ts')], { naming: 'snake_case', cwd: root });
      expect(attempt).toThrow(EntityError);
      expect(attempt).toThrow(/^tsconfig\.json cannot be read for the entity files' global types:\n {2}.*missing\.json/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
