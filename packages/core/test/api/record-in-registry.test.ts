import fs from 'node:fs';
import path from 'node:path';
import { createMigration, generateMigration } from '../../src/api';
import { resolveConfig } from '../../src/config';
import { RegistryError } from '../../src/errors';
import { gatiRegistry, tempProject } from '../version/registry-fixture';

/**
 * generate and create write the migration (and snapshot) first and the registry last, so that all of them change
 * or none does. The registry write is made to fail for real: a directory sits where its temporary file goes.
 */
describe('a migration and the Timescape registry change together', () => {
  let project: ReturnType<typeof tempProject>;
  beforeEach(() => {
    project = tempProject();
    project.write(`${JSON.stringify(gatiRegistry(), null, 2)}\n`);
    fs.mkdirSync(path.join(project.root, 'src'));
    fs.writeFileSync(path.join(project.root, 'src', 'product.ts'), 'export interface Product {\n  id: string;\n  name: string;\n}\n');
  });
  afterEach(() => project.cleanup());

  const config = () =>
    resolveConfig(
      {
        adapter: 'sqlite',
        connection: { filename: 'db.sqlite' },
        directory: 'migrations',
        entities: ['src/product.ts'],
      },
      { root: project.root },
    );
  const migrationsDir = () => path.join(project.root, 'migrations');
  const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : []);

  async function failure(work: () => Promise<unknown>): Promise<RegistryError> {
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RegistryError);
    return error as RegistryError;
  }

  it('generate: when the registry cannot be written, the migration and its snapshot are removed and the error says so', async () => {
    const before = fs.readFileSync(project.registry, 'utf8');
    const blocker = `${project.registry}.${process.pid}.tmp`;
    fs.mkdirSync(blocker);

    const error = await failure(() => generateMigration(config(), { name: 'create_products' }));
    expect(error.code).toBe('REGISTRY_WRITE_FAILED');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(`Could not write the Timescape registry ${project.registry}`);
    expect(error.message).toMatch(/_create_products was not recorded as the dbSchemaVersion of tsv:1707991200-products-002/);
    expect(error.message).toContain('were removed again');
    expect(filesUnder(migrationsDir()).filter((f) => f.endsWith('.ts') || f.endsWith('.json'))).toEqual([]);
    expect(fs.readFileSync(project.registry, 'utf8')).toBe(before);

    // With the cause gone, the same command writes all three.
    fs.rmdirSync(blocker);
    const result = await generateMigration(config(), { name: 'create_products' });
    expect(result.status).toBe('written');
    expect(result.registry).toEqual({ file: project.registry, version: 'tsv:1707991200-products-002', recorded: true });
    expect(fs.existsSync(result.file!) && fs.existsSync(result.snapshotFile!)).toBe(true);
    const registry = JSON.parse(fs.readFileSync(project.registry, 'utf8'));
    expect(registry.handlers['/products'].versions[0].dbSchemaVersion).toBe(result.name);
  });

  it('create: when the registry cannot be written, the new migration is removed', async () => {
    fs.mkdirSync(`${project.registry}.${process.pid}.tmp`);
    const error = await failure(() => createMigration(config(), { name: 'backfill', version: 'tsv:1705312800-products-001' }));
    expect(error.code).toBe('REGISTRY_WRITE_FAILED');
    expect(filesUnder(migrationsDir()).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('a registry that is not JSON stops generate before it writes anything', async () => {
    project.write('{ oops');
    const error = await failure(() => generateMigration(config(), { name: 'create_products' }));
    expect(error.code).toBe('REGISTRY_INVALID');
    expect(filesUnder(migrationsDir())).toEqual([]);
  });
});
