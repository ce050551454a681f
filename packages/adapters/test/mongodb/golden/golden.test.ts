import fs from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';
import { mongodbPlanning } from '@gati-framework/migrations-adapters/mongodb';
import { diffSchemas } from '../../../../core/src/diff';
import { renderDocumentMigration, renderEmptyDocumentMigration } from '../../../../core/src/emitter';
import { EMPTY_SCHEMA, normalizeSchema, sameDocumentType, type SchemaModel } from '../../../../core/src/model';
import { readEntities } from '../../../../core/src/reader';

/**
 * MongoDB golden fixtures: fixtures/<case>/before.ts and after.ts are entity files; expected.ts is the migration
 * generate writes for the change (validators, indexes, data steps), or expected.error.txt what it refuses.
 * `UPDATE_GOLDEN=1` rewrites the expectations (review the diff before committing it). Every expected.ts must
 * compile, strict, against the driver's types and defineMongoMigration.
 */
const FIXTURES = path.join(__dirname, 'fixtures');
const CASES = fs.readdirSync(FIXTURES).sort();
const VERSION = '2024-01-15T10:00:00Z';
const REPO = path.resolve(__dirname, '../../../../..');

function read(file: string): SchemaModel {
  const model = readEntities([file], { naming: 'snake_case', documents: true });
  return model.tables.length === 0 ? EMPTY_SCHEMA : normalizeSchema(model);
}

async function generate(caseDir: string): Promise<{ file: string; text: string }> {
  const before = read(path.join(caseDir, 'before.ts'));
  const next = readEntities([path.join(caseDir, 'after.ts')], { naming: 'snake_case', documents: true });
  const changes = await diffSchemas(before, next, { renames: { decide: () => false }, typeEquals: sameDocumentType });
  const after = normalizeSchema(next);
  const plan = mongodbPlanning.planDocumentMigration({ previous: before, next: after, changes });
  if (plan.refused.length > 0) return { file: 'expected.error.txt', text: `${plan.refused.join('\n')}\n` };
  const text = await renderDocumentMigration({
    plan,
    version: VERSION,
    templates: mongodbPlanning.migrationTemplates,
    filePath: path.join(caseDir, 'migration.ts'),
  });
  return { file: 'expected.ts', text };
}

describe('MongoDB golden fixtures', () => {
  it.each(CASES)('%s: writes the expected migration (or refuses it)', async (name) => {
    const caseDir = path.join(FIXTURES, name);
    const outcome = await generate(caseDir);
    const expectedFile = path.join(caseDir, outcome.file);
    if (process.env.UPDATE_GOLDEN) {
      for (const stale of ['expected.ts', 'expected.error.txt']) fs.rmSync(path.join(caseDir, stale), { force: true });
      fs.writeFileSync(expectedFile, outcome.text);
    }
    expect(outcome.text).toBe(fs.readFileSync(expectedFile, 'utf8'));
  });

  it('every expected migration compiles against the mongodb driver types (strict, no unused parameters)', () => {
    const files = CASES.map((name) => path.join(FIXTURES, name, 'expected.ts')).filter((file) => fs.existsSync(file));
    expect(files.length).toBeGreaterThan(5);
    const diagnostics = typecheck(files);
    expect(diagnostics).toEqual([]);
  });

  it('migrate:create writes an empty migration that compiles too', async () => {
    const file = path.join(FIXTURES, 'rename-field', 'empty.tmp.ts');
    fs.writeFileSync(file, await renderEmptyDocumentMigration(mongodbPlanning.migrationTemplates, VERSION, file));
    try {
      expect(fs.readFileSync(file, 'utf8')).toContain(`version: '${VERSION}'`);
      expect(typecheck([file], { noUnusedParameters: false })).toEqual([]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('the type check catches a step that misuses the driver (so a passing check means something)', () => {
    const broken = path.join(FIXTURES, 'rename-field', 'broken.tmp.ts');
    const text = fs
      .readFileSync(path.join(FIXTURES, 'rename-field', 'expected.ts'), 'utf8')
      .replace('ctx.updateInBatches(', 'ctx.updateInBatch(');
    fs.writeFileSync(broken, text);
    try {
      expect(typecheck([broken]).join('\n')).toMatch(/updateInBatch/);
    } finally {
      fs.rmSync(broken, { force: true });
    }
  });
});

/** `tsc --noEmit` through the TypeScript API: the adapters' built declarations and the installed `mongodb` types. */
function typecheck(files: readonly string[], overrides: ts.CompilerOptions = {}): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2023.d.ts'],
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(REPO, 'node_modules/@types')],
    baseUrl: REPO,
    paths: {
      '@gati-framework/migrations': ['packages/core/dist/index.d.ts'],
      '@gati-framework/migrations-adapters/mongodb': ['packages/adapters/dist/mongodb/index.d.ts'],
    },
    ...overrides,
  };
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined
        ? `${path.relative(REPO, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}`
        : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
