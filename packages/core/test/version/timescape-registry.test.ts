import fs from 'node:fs';
import path from 'node:path';
import { RegistryError } from '../../src/errors';
import {
  defaultVersion,
  knownRegistryTags,
  newestRegistryVersion,
  readTimescapeRegistry,
  recordDbSchemaVersion,
  resolveRegistryTag,
} from '../../src/version';
import { gatiRegistry, tempProject } from './registry-fixture';

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject();
});
afterEach(() => project.cleanup());

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

const gatiText = (registry: unknown = gatiRegistry()): string => `${JSON.stringify(registry, null, 2)}\n`;

describe('readTimescapeRegistry', () => {
  it('is undefined when the project has no registry', () => {
    expect(readTimescapeRegistry(project.root)).toBeUndefined();
  });

  it("reads every handler's versions, oldest first, with their tags and dbSchemaVersion, and the tags map", () => {
    project.write(gatiText());
    const registry = readTimescapeRegistry(project.root)!;
    expect(registry.file).toBe(project.registry);
    expect(registry.versions).toEqual([
      {
        tsv: 'tsv:1705312800-products-001',
        handlerPath: '/products',
        timestamp: 1705312800,
        tags: ['v1.0.0'],
        dbSchemaVersion: '20240115100000_create_products',
      },
      { tsv: 'tsv:1706000000-orders-001', handlerPath: '/orders', timestamp: 1706000000, tags: [] },
      {
        tsv: 'tsv:1707991200-products-002',
        handlerPath: '/products',
        timestamp: 1707991200,
        tags: ['v2.0.0', 'stable'],
      },
    ]);
    expect([...registry.tags]).toEqual([
      ['v1.0.0', 'tsv:1705312800-products-001'],
      ['v2.0.0', 'tsv:1707991200-products-002'],
      ['stable', 'tsv:1707991200-products-002'],
    ]);
    expect(newestRegistryVersion(registry)?.tsv).toBe('tsv:1707991200-products-002');
    expect(knownRegistryTags(registry)).toEqual(['stable', 'v1.0.0', 'v2.0.0']);
  });

  it('is lenient: missing maps, missing fields, fields it does not know and entries it cannot use are fine', () => {
    project.write(
      JSON.stringify({
        handlers: {
          '/a': {
            versions: [
              { tsv: 'tsv:1700000000-a-001' },
              { tsv: 'tsv:1700000500-a-002', timestamp: 'soon', tags: 'v2' },
              'junk',
              null,
              { hash: 'no id' },
            ],
          },
          '/b': { handlerPath: '/b' },
          '/c': 42,
        },
        tags: { old: 'tsv:1700000000-a-001', broken: { label: 'broken' }, other: 7 },
        somethingNew: { from: 'a later Gati' },
      }),
    );
    const registry = readTimescapeRegistry(project.root)!;
    // No timestamp (or not a number): the seconds of the id. No handlerPath: the handler's key.
    expect(registry.versions).toEqual([
      { tsv: 'tsv:1700000000-a-001', handlerPath: '/a', timestamp: 1700000000, tags: [] },
      { tsv: 'tsv:1700000500-a-002', handlerPath: '/a', timestamp: 1700000500, tags: [] },
    ]);
    expect([...registry.tags]).toEqual([['old', 'tsv:1700000000-a-001']]);

    project.write('{}');
    expect(readTimescapeRegistry(project.root)).toEqual({ file: project.registry, versions: [], tags: new Map() });
  });

  it('fails with a RegistryError naming the file when it is not JSON, or not a JSON object', () => {
    project.write('{ "handlers": { ');
    const read = () => readTimescapeRegistry(project.root);
    expect(read).toThrow(RegistryError);
    expect(read).toThrow(`The Timescape registry ${project.registry} is not valid JSON`);
    expect(thrown(read)).toMatchObject({ code: 'REGISTRY_INVALID', exitCode: 1 });
    project.write('[1, 2]');
    expect(read).toThrow(`The Timescape registry ${project.registry} is not a JSON object`);
  });
});

describe('resolveRegistryTag', () => {
  it('takes the tags map first, then the newest version whose own tags carry the label', () => {
    const registry = gatiRegistry() as any;
    registry.tags = { stable: { label: 'stable', tsv: 'tsv:1705312800-products-001' } };
    registry.handlers['/orders'].versions[0].tags = ['v2.0.0'];
    project.write(gatiText(registry));
    const read = readTimescapeRegistry(project.root)!;
    expect(resolveRegistryTag(read, 'stable')).toBe('tsv:1705312800-products-001');
    expect(resolveRegistryTag(read, 'v1.0.0')).toBe('tsv:1705312800-products-001');
    expect(resolveRegistryTag(read, 'v2.0.0')).toBe('tsv:1707991200-products-002');
    expect(resolveRegistryTag(read, 'v9')).toBeUndefined();
    expect(resolveRegistryTag(undefined, 'stable')).toBeUndefined();
  });
});

describe('defaultVersion', () => {
  const now = new Date('2026-03-01T12:34:56.789Z');

  it('is the newest version in the registry, by timestamp and then by id; without one, the current UTC time', () => {
    expect(defaultVersion(undefined, now)).toBe('2026-03-01T12:34:56Z');
    project.write('{"handlers": {}}');
    expect(defaultVersion(readTimescapeRegistry(project.root), now)).toBe('2026-03-01T12:34:56Z');

    const registry = gatiRegistry() as any;
    registry.handlers['/orders'].versions.push({ tsv: 'tsv:1707991200-orders-002', timestamp: 1707991200, tags: [] });
    project.write(gatiText(registry));
    // Same second as tsv:1707991200-products-002: the id decides, and "products" sorts after "orders".
    expect(defaultVersion(readTimescapeRegistry(project.root), now)).toBe('tsv:1707991200-products-002');
  });

  it('refuses a newest version whose id is not a Timescape id, rather than pick an older one', () => {
    project.write(
      JSON.stringify({
        handlers: { '/a': { versions: [{ tsv: 'tsv:1700000000-a-001' }, { tsv: 'build-42', timestamp: 1800000000 }] } },
      }),
    );
    const error = thrown(() => defaultVersion(readTimescapeRegistry(project.root), now));
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect((error as Error).message).toContain('"build-42", is not a Timescape id');
    expect((error as Error).message).toContain('pass --version');
  });
});

describe('recordDbSchemaVersion', () => {
  it('adds dbSchemaVersion to that version and leaves every other field, key order and byte as it was', () => {
    const before = gatiText();
    project.write(before);
    expect(recordDbSchemaVersion(project.registry, 'tsv:1707991200-products-002', '20240215100000_price_in_cents')).toBe(true);

    const expected = gatiRegistry() as any;
    expected.handlers['/products'].versions[0].dbSchemaVersion = '20240215100000_price_in_cents';
    const after = fs.readFileSync(project.registry, 'utf8');
    expect(after).toBe(gatiText(expected));
    // As a text diff: one line added, and a comma at the end of the line before it; nothing else.
    const [old, now] = [before.split('\n'), after.split('\n')];
    const at = now.findIndex((line, i) => line !== old[i]);
    expect(now[at]).toBe(`${old[at]},`);
    expect(now[at + 1]).toBe('          "dbSchemaVersion": "20240215100000_price_in_cents"');
    expect([...now.slice(0, at), ...now.slice(at + 2)]).toEqual([...old.slice(0, at), ...old.slice(at + 1)]);
    expect(fs.readdirSync(path.dirname(project.registry))).toEqual(['registry.json']);
  });

  it('replaces an existing dbSchemaVersion where it is, in every entry of that id, keeping the indentation of the file', () => {
    const registry = gatiRegistry() as any;
    const original = registry.handlers['/products'].versions[1];
    registry.handlers['/orders'].versions.push({ ...original, hash: 'listed twice' });
    project.write(`${JSON.stringify(registry, null, 4)}\n`);
    expect(recordDbSchemaVersion(project.registry, 'tsv:1705312800-products-001', '20240116000000_backfill')).toBe(true);

    const text = fs.readFileSync(project.registry, 'utf8');
    registry.handlers['/products'].versions[1].dbSchemaVersion = '20240116000000_backfill';
    registry.handlers['/orders'].versions[1].dbSchemaVersion = '20240116000000_backfill';
    expect(text).toBe(`${JSON.stringify(registry, null, 4)}\n`);
    expect(Object.keys(JSON.parse(text).handlers['/products'].versions[1])).toEqual(Object.keys(original));
  });

  it('keeps Windows line endings and a byte-order mark', () => {
    project.write(`\uFEFF${JSON.stringify(gatiRegistry(), null, 2).replace(/\n/g, '\r\n')}\r\n`);
    expect(readTimescapeRegistry(project.root)!.versions).toHaveLength(3);
    recordDbSchemaVersion(project.registry, 'tsv:1706000000-orders-001', '20240123000000_create_orders');
    const expected = gatiRegistry() as any;
    expected.handlers['/orders'].versions[0].dbSchemaVersion = '20240123000000_create_orders';
    expect(fs.readFileSync(project.registry, 'utf8')).toBe(`\uFEFF${JSON.stringify(expected, null, 2).replace(/\n/g, '\r\n')}\r\n`);
  });

  it('keeps a compact file compact', () => {
    project.write(JSON.stringify(gatiRegistry()));
    recordDbSchemaVersion(project.registry, 'tsv:1706000000-orders-001', '20240123000000_create_orders');
    const expected = gatiRegistry() as any;
    expected.handlers['/orders'].versions[0].dbSchemaVersion = '20240123000000_create_orders';
    expect(fs.readFileSync(project.registry, 'utf8')).toBe(JSON.stringify(expected));
  });

  it('writes nothing when the registry has no such version, or there is no registry', () => {
    const before = `${JSON.stringify(gatiRegistry())}\n`;
    project.write(before);
    const mtime = fs.statSync(project.registry).mtimeMs;
    expect(recordDbSchemaVersion(project.registry, 'tsv:1800000000-products-003', '20270115100000_x')).toBe(false);
    expect(recordDbSchemaVersion(project.registry, '2024-01-15T10:00:00Z', '20270115100000_x')).toBe(false);
    expect(fs.readFileSync(project.registry, 'utf8')).toBe(before);
    expect(fs.statSync(project.registry).mtimeMs).toBe(mtime);
    expect(recordDbSchemaVersion(path.join(project.root, 'nowhere.json'), 'tsv:1705312800-products-001', 'x')).toBe(false);
  });

  it('fails with a RegistryError naming the file, and leaves the registry as it was, when it cannot write', () => {
    const before = gatiText();
    project.write(before);
    // A directory where the temporary file would go: writing it fails, as on a full disk or a read-only folder.
    fs.mkdirSync(`${project.registry}.${process.pid}.tmp`);
    const record = () => recordDbSchemaVersion(project.registry, 'tsv:1707991200-products-002', '20240215100000_price_in_cents');
    expect(record).toThrow(RegistryError);
    expect(record).toThrow(`Could not write the Timescape registry ${project.registry}`);
    expect(fs.readFileSync(project.registry, 'utf8')).toBe(before);
  });
});
