import fs from 'node:fs';
import path from 'node:path';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { diffSchemas } from '../../src/diff';
import { GatiError } from '../../src/errors';
import { renderMigration } from '../../src/emitter';
import { EMPTY_SCHEMA, normalizeSchema, type SchemaModel } from '../../src/model';
import { planChanges } from '../../src/planner';
import { readEntities } from '../../src/reader';

/**
 * Golden fixtures: fixtures/<case>/before.ts and after.ts are entity files; expected.<dialect>.ts is the
 * migration the generator must write for that change, or expected.<dialect>.error.txt the error it must stop
 * with where the dialect cannot express the change (a schema on SQLite). `UPDATE_GOLDEN=1 npx jest golden`
 * rewrites the expectations (review the diff before committing it).
 */
const FIXTURES = path.join(__dirname, 'fixtures');
const ADAPTERS = { sqlite: sqliteAdapter, postgresql: postgresqlAdapter, mysql: mysqlAdapter };
const VERSION = '2024-01-15T10:00:00Z';

function read(file: string): SchemaModel {
  const model = readEntities([file], { naming: 'snake_case' });
  return model.tables.length === 0 ? EMPTY_SCHEMA : normalizeSchema(model);
}

async function generate(caseDir: string, adapter: (typeof ADAPTERS)[keyof typeof ADAPTERS]): Promise<string> {
  const before = read(path.join(caseDir, 'before.ts'));
  const next = readEntities([path.join(caseDir, 'after.ts')], { naming: 'snake_case' });
  const changes = await diffSchemas(before, next, { renames: { decide: () => false } });
  const after = normalizeSchema(next);
  const plan = planChanges({ before, after, changes, adapter });
  return renderMigration({ plan, before, after, version: VERSION, adapter, filePath: path.join(caseDir, 'migration.ts') });
}

describe.each(fs.readdirSync(FIXTURES).sort())('golden fixture %s', (name) => {
  const caseDir = path.join(FIXTURES, name);
  it.each(Object.keys(ADAPTERS) as (keyof typeof ADAPTERS)[])('writes the expected %s migration', async (dialect) => {
    const outcome = await generate(caseDir, ADAPTERS[dialect]).then(
      (code) => ({ file: `expected.${dialect}.ts`, text: code }),
      (error: unknown) => {
        if (!(error instanceof GatiError)) throw error;
        return { file: `expected.${dialect}.error.txt`, text: `${error.code}: ${error.message}\n` };
      },
    );
    const expectedFile = path.join(caseDir, outcome.file);
    if (process.env.UPDATE_GOLDEN) {
      for (const stale of [`expected.${dialect}.ts`, `expected.${dialect}.error.txt`])
        fs.rmSync(path.join(caseDir, stale), { force: true });
      fs.writeFileSync(expectedFile, outcome.text);
    }
    expect(outcome.text).toBe(fs.readFileSync(expectedFile, 'utf8'));
  });
});
