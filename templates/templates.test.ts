import fs from 'node:fs';
import path from 'node:path';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { renderEmptyMigration, renderMigration } from '../packages/core/src/emitter';
import * as templates from '../packages/core/src/emitter/templates';
import { EMPTY_SCHEMA, type SchemaModel, type TableModel } from '../packages/core/src/model';
import { planMigration } from '../packages/core/src/planner';
import { typecheckFiles } from '../packages/core/test/pipeline/typecheck';

/**
 * The templates the emitter fills (migration.ts, migration-steps.ts, empty-migration.ts) are TypeScript as they
 * stand: they compile against the built package, and each mark the emitter fills appears exactly once
 * (`fillTemplate` replaces the first occurrence only, so a second copy would ship unfilled).
 */
const TEMPLATES = ['migration', 'migration-steps', 'empty-migration'] as const;
/** The MongoDB adapter's templates (DocumentPlanning.migrationTemplates): compiled by its golden test, over the driver. */
const DOCUMENT_TEMPLATES = ['mongodb-migration', 'empty-mongodb-migration'] as const;
const fileOf = (name: string): string => path.join(__dirname, `${name}.ts`);

/** Which marks the emitter fills in each template, observed by rendering one migration of each kind. */
async function marksFilledByTheEmitter(): Promise<Record<string, string[]>> {
  const texts = new Map(TEMPLATES.map((name) => [fs.readFileSync(fileOf(name), 'utf8'), name]));
  const filled: Record<string, string[]> = {};
  const spy = jest.spyOn(templates, 'fillTemplate');
  try {
    const users: TableModel = {
      name: 'users',
      columns: [{ name: 'id', type: { kind: 'int' }, nullable: false }],
      primaryKey: ['id'],
      indexes: [],
      foreignKeys: [],
    };
    const after: SchemaModel = { tables: [users], enums: [] };
    const filePath = path.join(__dirname, 'rendered.ts');
    // SQLite writes one up and one down (migration.ts); MySQL, whose DDL commits statement by statement, steps.
    for (const adapter of [sqliteAdapter, mysqlAdapter]) {
      const plan = planMigration({
        before: EMPTY_SCHEMA,
        after,
        upOps: [{ op: { kind: 'createTable', table: users } }],
        downOps: [{ op: { kind: 'dropTable', table: users } }],
        adapter,
      });
      await renderMigration({
        plan,
        before: EMPTY_SCHEMA,
        after,
        version: '2024-01-15T10:00:00Z',
        adapter,
        filePath,
      });
    }
    await renderEmptyMigration('2024-01-15T10:00:00Z', filePath);
    for (const [template, values] of spy.mock.calls) {
      const name = texts.get(template);
      if (!name) throw new Error('the emitter filled a template that is not in templates/');
      filled[name] = [...new Set([...(filled[name] ?? []), ...Object.keys(values)])];
    }
  } finally {
    spy.mockRestore();
  }
  return filled;
}

describe('templates/', () => {
  it('are what the core package reads and ships (packages/core/templates, copied by `npm run build`)', () => {
    const shipped = templates.templatesDirectory();
    expect(shipped).toBe(path.resolve(__dirname, '..', 'packages', 'core', 'templates'));
    const all = [...TEMPLATES, ...DOCUMENT_TEMPLATES];
    expect(fs.readdirSync(shipped).sort()).toEqual(all.map((name) => `${name}.ts`).sort());
    for (const name of all) {
      const copy = fs.readFileSync(path.join(shipped, `${name}.ts`), 'utf8');
      if (copy !== fs.readFileSync(fileOf(name), 'utf8'))
        throw new Error(
          `packages/core/templates/${name}.ts is out of date: run \`npm run build\`.`,
        );
    }
  });

  it('compile with tsc as they are, against the built package', async () => {
    const result = await typecheckFiles(TEMPLATES.map(fileOf));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('hold each mark the emitter fills exactly once', async () => {
    const filled = await marksFilledByTheEmitter();
    expect(Object.keys(filled).sort()).toEqual([...TEMPLATES].sort());
    for (const name of TEMPLATES) {
      const text = fs.readFileSync(fileOf(name), 'utf8');
      const counts = Object.fromEntries(
        filled[name]!.map((key) => [
          key,
          text.split(templates.TEMPLATE_MARKS[key as keyof typeof templates.TEMPLATE_MARKS])
            .length - 1,
        ]),
      );
      expect({ [name]: counts }).toEqual({
        [name]: Object.fromEntries(filled[name]!.map((key) => [key, 1])),
      });
    }
    // Every mark the emitter knows is used by the two templates of generated migrations together (`declarations`
    // by the MongoDB template only, whose golden test fills it).
    expect(
      [...new Set([...filled.migration!, ...filled['migration-steps']!, 'declarations'])].sort(),
    ).toEqual(Object.keys(templates.TEMPLATE_MARKS).sort());
  });

  it('hold no @gati: mark the emitter does not know', () => {
    const known = new Set(Object.values(templates.TEMPLATE_MARKS));
    for (const name of TEMPLATES) {
      const marks = fs.readFileSync(fileOf(name), 'utf8').match(/\/\* @gati:[a-z-]+ \*\//gi) ?? [];
      expect({ [name]: marks.filter((mark) => !known.has(mark as never)) }).toEqual({ [name]: [] });
    }
  });
});
