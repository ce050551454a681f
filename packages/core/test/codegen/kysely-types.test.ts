import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { generateMigration, migrateUp } from '../../src/api';
import { checkKyselyTypes, refreshKyselyTypes, refreshesAfterUp } from '../../src/codegen';
import { type MigrationsConfig, resolveSqlConfig } from '../../src/config';
import { ConfigError, StaleKyselyTypesError, UsageError } from '../../src/errors';

/** refreshKyselyTypes / checkKyselyTypes on a SQLite file: which tables, which options, which errors. */

const ENTITY = [
  'export interface User {\n  id: number;\n  name: string;\n}\n',
  'export interface AuditEntry {\n  id: number;\n  note: string;\n}\n',
].join('\n');

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-kysely-types-'));
  fs.writeFileSync(path.join(root, 'entities.ts'), ENTITY);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function configFor(migrations: Partial<MigrationsConfig> = {}) {
  return resolveSqlConfig(
    {
      adapter: 'sqlite',
      connection: { filename: 'db.sqlite' },
      entities: ['entities.ts'],
      codegen: { outFile: 'src/db/types.ts' },
      ...migrations,
    },
    { root },
  );
}

async function migrated(migrations: Partial<MigrationsConfig> = {}) {
  const config = configFor(migrations);
  await generateMigration(config);
  await migrateUp(config);
  return config;
}

describe('the Kysely types file', () => {
  it("leaves out the tool's tables, whatever the history table is called, and takes kysely-codegen's options", async () => {
    const config = await migrated({
      tableName: 'schema_history',
      codegen: { outFile: 'types.ts', excludePattern: 'audit_*', singularize: true },
    });
    expect(await refreshKyselyTypes(config)).toEqual({ file: path.join(root, 'types.ts'), status: 'written', tables: 1 });
    const text = fs.readFileSync(path.join(root, 'types.ts'), 'utf8');
    expect(text).toMatch(/^export interface User \{$/m); // singularized
    expect(text).toMatch(/^export interface DB \{\n {2}users: User;\n\}$/m);
    expect(text).not.toMatch(/schema_history|audit_entries/);
    expect(await refreshKyselyTypes(config)).toMatchObject({ status: 'unchanged' });
  });

  it('formats the file with prettier when asked, and checks it formatted', async () => {
    const config = await migrated({ codegen: { outFile: 'src/db/types.ts', format: true } });
    await refreshKyselyTypes(config);
    const text = fs.readFileSync(path.join(root, 'src/db/types.ts'), 'utf8');
    expect(text).toContain("import type { ColumnType } from 'kysely';");
    expect(await checkKyselyTypes(config)).toMatchObject({ status: 'fresh', tables: 2 });
  });

  it('checks: a missing or stale file is a StaleKyselyTypesError; line endings do not count', async () => {
    const config = await migrated();
    const file = path.join(root, 'src/db/types.ts');
    await expect(checkKyselyTypes(config)).rejects.toThrow(StaleKyselyTypesError);
    await expect(checkKyselyTypes(config)).rejects.toThrow(
      /types\.ts does not exist; run gati migrate:codegen to write it from the database \(sqlite .*db\.sqlite\)\.$/,
    );
    await refreshKyselyTypes(config);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/\n/g, '\r\n'));
    expect(await checkKyselyTypes(config)).toMatchObject({ status: 'fresh' });
    fs.writeFileSync(file, text.replace('  name: string;', '  name: number;'));
    await expect(checkKyselyTypes(config)).rejects.toThrow(
      /is out of date with the database \(sqlite .*\): the first difference is at line \d+ \(the database gives " {2}name: string;", the file has " {2}name: number;"\)\. Run gati migrate:codegen to refresh it\./,
    );
  });

  it('says what is missing: a file to write, a dialect for a custom adapter, a database', async () => {
    const noCodegen = resolveSqlConfig({ adapter: 'sqlite', connection: { filename: 'db.sqlite' } }, { root });
    await expect(refreshKyselyTypes(noCodegen)).rejects.toThrow(UsageError);
    const custom = { ...configFor(), adapter: { ...sqliteAdapter, name: 'my-sqlite', codegenDialect: undefined } };
    await expect(refreshKyselyTypes(custom)).rejects.toThrow(ConfigError);
    await expect(refreshKyselyTypes(custom)).rejects.toThrow(/migrations\.codegen\.dialect/);
    await expect(refreshKyselyTypes(configFor())).rejects.toThrow(
      /does not exist yet, so there are no types to write; run gati migrate:up first/,
    );
    expect(fs.existsSync(path.join(root, 'db.sqlite'))).toBe(false);
    expect(() => configFor({ codegen: { outFile: '' } })).toThrow(/migrations\.codegen\.outFile must name the file/);
    expect(() => configFor({ codegen: { outFile: 'x.ts', dialect: 'oracle' as never } })).toThrow(/must be one of postgres, mysql, sqlite/);
  });

  it('is refreshed after up when configured and something was applied, or when asked', () => {
    const configured = configFor();
    const bare = resolveSqlConfig({ adapter: 'sqlite' }, { root });
    expect([refreshesAfterUp(configured, 1), refreshesAfterUp(configured, 0), refreshesAfterUp(bare, 1)]).toEqual([true, false, false]);
    expect([refreshesAfterUp(configured, 1, false), refreshesAfterUp(bare, 0, true)]).toEqual([false, true]);
  });
});
