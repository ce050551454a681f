import fs from 'node:fs';
import path from 'node:path';
import { mongodbAdapter } from '@gati-framework/migrations-adapters/mongodb';
import { generateMigration } from '../../../core/src/api';
import { resolveConfig } from '../../../core/src/config';
import { readLatestSnapshot } from '../../../core/src/snapshot';
import { gatiRegistry, tempProject } from '../../../core/test/version/registry-fixture';

/**
 * The programmatic `generateMigration` on a MongoDB configuration: the same snapshot chain, renames and Timescape
 * registry as on SQL, with no server (the URL points nowhere).
 */
describe('generateMigration on MongoDB', () => {
  let project: ReturnType<typeof tempProject>;
  const entity = (text: string) => fs.writeFileSync(path.join(project.root, 'src', 'product.ts'), text);
  beforeEach(() => {
    project = tempProject();
    project.write(`${JSON.stringify(gatiRegistry(), null, 2)}\n`);
    fs.mkdirSync(path.join(project.root, 'src'));
    entity('export interface Product {\n  id: string;\n  name: string;\n  sizes: { label: string; stock: number }[];\n}\n');
  });
  afterEach(() => project.cleanup());

  const config = () =>
    resolveConfig(
      { adapter: mongodbAdapter, connection: { url: 'mongodb://127.0.0.1:1/shop' }, directory: 'migrations', entities: ['src/product.ts'] },
      { root: project.root },
    );

  it("records the migration as its version's dbSchemaVersion, stores the shapes in the snapshot, and renames by flag", async () => {
    const first = await generateMigration(config(), { checkDatabase: true });
    expect(first.status).toBe('written');
    expect(first.name).toMatch(/_create_products$/);
    expect(first.warnings).toBeUndefined();
    expect(first.registry).toEqual({ file: project.registry, version: 'tsv:1707991200-products-002', recorded: true });
    const sizes = readLatestSnapshot(path.join(project.root, 'migrations'))!.schema.tables[0]!.columns.find((c) => c.name === 'sizes');
    expect(sizes!.type).toEqual({
      kind: 'json',
      shape: {
        kind: 'array',
        element: {
          kind: 'object',
          properties: [
            { name: 'label', optional: false, shape: { kind: 'scalar', type: 'string' } },
            { name: 'stock', optional: false, shape: { kind: 'scalar', type: 'number' } },
          ],
        },
      },
    });

    // A nested change is a change: the stock becomes optional (a wider validator, set at once).
    entity('export interface Product {\n  id: string;\n  title: string;\n  sizes: { label: string; stock?: number }[];\n}\n');
    const undecided = await generateMigration(config(), {}).catch((error: unknown) => error);
    expect(undecided).toMatchObject({ code: 'DECISION_REQUIRED' });
    const second = await generateMigration(config(), { renames: ['products.name=title'], dryRun: true });
    expect(second.steps.up).toEqual([
      'widen validator of products (old or new documents)',
      'rename field products.name to title',
      'check documents of products match the new validator',
      'set validator of products',
    ]);
    expect(second.code).toContain("{ $rename: { name: 'title' } }");
  });
});
