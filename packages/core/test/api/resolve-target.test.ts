import fs from 'node:fs';
import path from 'node:path';
import { resolveTarget } from '../../src/api/resolve-target';
import { RegistryError, UsageError } from '../../src/errors';
import { listMigrationFiles } from '../../src/runner/migration-files';
import { tempProject } from '../version/registry-fixture';

const V1 = 'tsv:1705312800-products-001'; // 2024-01-15T10:00:00Z
const V2 = 'tsv:1707991200-products-002'; // 2024-02-15T10:00:00Z
const V3 = 'tsv:1710410400-products-003'; // 2024-03-14T10:00:00Z

/** Migrations as files on disk (resolution reads their declared versions): two for v1, one each for v2 and v3. */
const MIGRATIONS: readonly [string, string][] = [
  ['20240115100000_create_products', V1],
  ['20240115100500_seed_products', V1],
  ['20240215100000_price_in_cents', V2],
  ['20240314100000_currency_and_stock', V3],
];

let project: ReturnType<typeof tempProject>;
let directory: string;
beforeEach(() => {
  project = tempProject();
  directory = path.join(project.root, 'migrations');
  fs.mkdirSync(directory);
  for (const [name, version] of MIGRATIONS) {
    fs.writeFileSync(
      path.join(directory, `${name}.ts`),
      `export default defineMigration({\n  version: '${version}',\n  up: async () => {},\n});\n`,
    );
  }
});
afterEach(() => project.cleanup());

/** A registry where v1 pinned its schema to its first migration, v2 records none, and v3's names a deleted file. */
function writeRegistry(): void {
  const version = (tsv: string, timestamp: number, tags: string[], dbSchemaVersion?: string) => ({
    tsv,
    timestamp,
    hash: `sha256:${timestamp}`,
    status: 'hot',
    requestCount: 0,
    lastAccessed: timestamp,
    tags,
    ...(dbSchemaVersion ? { dbSchemaVersion } : {}),
  });
  project.write(
    JSON.stringify({
      handlers: {
        '/products': {
          handlerPath: '/products',
          versions: [
            version(V1, 1705312800, ['v1.0.0'], '20240115100000_create_products'),
            version(V2, 1707991200, ['v2.0.0']),
            version(V3, 1710410400, ['beta'], '20240401000000_gone'),
          ],
        },
      },
      tags: { stable: { label: 'stable', tsv: V2, createdAt: 1707991300, createdBy: 'ci' } },
      activeVersions: [V2],
      coldVersions: [V1],
    }),
  );
}

const resolve = (to: string): string => resolveTarget(listMigrationFiles(directory), to, project).name;

function usageError(to: string): UsageError {
  try {
    resolve(to);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
    return error as UsageError;
  }
  throw new Error(`--to ${to} resolved, but should not have`);
}

describe('resolveTarget', () => {
  it('takes a migration file name with or without extension and folder', () => {
    expect(resolve('20240215100000_price_in_cents')).toBe('20240215100000_price_in_cents');
    expect(resolve('20240215100000_price_in_cents.ts')).toBe('20240215100000_price_in_cents');
    expect(resolve('migrations/20240115100500_seed_products.ts')).toBe('20240115100500_seed_products');
  });

  it('takes a version id: the last migration of that version or an earlier one, without a registry', () => {
    expect(resolve(V1)).toBe('20240115100500_seed_products');
    expect(resolve(V2)).toBe('20240215100000_price_in_cents');
    expect(resolve('tsv:1709000000-products-999')).toBe('20240215100000_price_in_cents');
    expect(resolve('2024-02-15T10:00:00Z')).toBe('20240215100000_price_in_cents');
  });

  it('takes a timestamp between versions: the latest migration made at or before it', () => {
    writeRegistry();
    expect(resolve('2024-02-01T00:00:00Z')).toBe('20240115100500_seed_products');
    expect(resolve('2024-03-01T00:00:00Z')).toBe('20240215100000_price_in_cents');
    expect(resolve('2030-01-01T00:00:00Z')).toBe('20240314100000_currency_and_stock');
  });

  it("takes a version's dbSchemaVersion from the registry when it names an existing migration", () => {
    writeRegistry();
    // v1's registry entry pins its schema to the first of its two migrations.
    expect(resolve(V1)).toBe('20240115100000_create_products');
    // v2 records none, and v3's names a migration that is not there: the last migration at or before it.
    expect(resolve(V2)).toBe('20240215100000_price_in_cents');
    expect(resolve(V3)).toBe('20240314100000_currency_and_stock');
  });

  it("takes a tag from the tags map or from a version's own tags", () => {
    writeRegistry();
    expect(resolve('v1.0.0')).toBe('20240115100000_create_products');
    expect(resolve('stable')).toBe('20240215100000_price_in_cents');
    expect(resolve('v2.0.0')).toBe('20240215100000_price_in_cents');
    expect(resolve('beta')).toBe('20240314100000_currency_and_stock');
  });

  it('refuses an unknown tag with a usage error that names it and lists the known tags', () => {
    writeRegistry();
    const error = usageError('v9.9.9');
    expect(error.message).toContain('--to v9.9.9: no migration file has that name');
    expect(error.message).toContain(`nor a tag in ${project.registry}`);
    expect(error.message).toContain('Known tags: beta, stable, v1.0.0, v2.0.0.');
  });

  it('refuses a tag when there is no registry, saying so', () => {
    const error = usageError('v1.0.0');
    expect(error.message).toContain('--to v1.0.0');
    expect(error.message).toContain(`there is none (${project.registry})`);
  });

  it('refuses a version with nothing at or before it, naming the tag and its version and listing the tags', () => {
    writeRegistry();
    fs.rmSync(path.join(directory, '20240115100000_create_products.ts'));
    fs.rmSync(path.join(directory, '20240115100500_seed_products.ts'));
    const error = usageError('v1.0.0');
    expect(error.message).toBe(
      `--to v1.0.0 (${V1}): no migration belongs to that version or an earlier one. Known tags: beta, stable, v1.0.0, v2.0.0.`,
    );
    expect(usageError('2024-01-01T00:00:00Z').message).toContain('--to 2024-01-01T00:00:00Z: no migration belongs to that version');
  });

  it('reads the registry only when the target is not a file name', () => {
    project.write('not json');
    expect(resolve('20240215100000_price_in_cents')).toBe('20240215100000_price_in_cents');
    expect(() => resolve('v1.0.0')).toThrow(RegistryError);
  });
});
