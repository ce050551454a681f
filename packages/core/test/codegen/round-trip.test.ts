import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateMigration, migrateUp } from '../../src/api';
import { checkKyselyTypes, codegenDialectFor, codegenTypeFits, refreshKyselyTypes } from '../../src/codegen';
import { type SchemaModel, describeType, findTable, normalizeSchema } from '../../src/model';
import { readEntities } from '../../src/reader';
import { DIALECTS, type PipelineDialect } from '../pipeline/dialects';

/**
 * The round trip of the Kysely types, on a real database of every dialect: entity types -> generate -> up ->
 * kysely-codegen (through `refreshKyselyTypes`) -> the DB interface it wrote, read back with the reader. It has
 * the entity model's tables and columns, with the same nullability, and each column's type is what kysely-codegen
 * writes for the entity's type on that dialect (CODEGEN_TYPE_READINGS: a TypeScript type says less than a column
 * type, e.g. `string` for a uuid). And generating from that DB interface, against the snapshot the entity types
 * left, finds nothing to do: what the file cannot say comes from the snapshot.
 */

const ENTITIES = path.join(__dirname, 'fixtures', 'entities.ts');
const NOW = new Date('2024-01-15T10:00:00Z');
const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-codegen-'));

afterAll(() => fs.rmSync(workRoot, { recursive: true, force: true }));

/** `members.nickname null`: every column, with its nullability. */
function columnLines(schema: SchemaModel): string[] {
  return schema.tables
    .flatMap((table) => table.columns.map((column) => `${table.name}.${column.name}${column.nullable ? ' null' : ''}`))
    .sort();
}

/** The columns whose read-back type is not what kysely-codegen writes for the entity's type on this dialect. */
function typeMismatches(dialect: PipelineDialect, entities: SchemaModel, readBack: SchemaModel): string[] {
  const fits = codegenTypeFits(codegenDialectFor(dialect.adapter));
  return entities.tables.flatMap((table) =>
    table.columns.flatMap((column) => {
      const read = findTable(readBack, table.name)?.columns.find((each) => each.name === column.name);
      if (!read || fits(column.type, entities.enums, read.type, readBack.enums)) return [];
      return [`${table.name}.${column.name}: ${describeType(column.type)} came back as ${describeType(read.type)}`];
    }),
  );
}

describe.each(DIALECTS)('Kysely types round trip on $label', (dialect) => {
  it('entity types -> migrations -> database -> kysely-codegen -> the same tables, columns, nullability and types; generating from it finds nothing to do', async () => {
    if (!(await dialect.available())) return;
    const root = path.join(workRoot, dialect.name);
    fs.mkdirSync(root, { recursive: true });
    // The project's tsconfig.json makes Node's `Buffer` a global, as it does for the application that uses it.
    const typeRoots = [path.join(__dirname, '../../../../node_modules/@types')];
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { types: ['node'], typeRoots } }));
    const database = await dialect.createDatabase(root);
    try {
      const config = database.config(root, ENTITIES);
      expect((await generateMigration(config, { now: NOW })).status).toBe('written');
      expect((await migrateUp(config)).applied).toHaveLength(1);

      const typesFile = path.join(root, 'src', 'db', 'types.ts');
      expect(await refreshKyselyTypes(config, { outFile: typesFile })).toEqual({ file: typesFile, status: 'written', tables: 3 });
      expect(await checkKyselyTypes(config, { outFile: typesFile })).toEqual({ file: typesFile, status: 'fresh', tables: 3 });
      const text = fs.readFileSync(typesFile, 'utf8');
      expect(text).toMatch(/^export interface DB \{$/m);
      expect(text).not.toMatch(/gati_migrations/);

      const entities = normalizeSchema(readEntities([ENTITIES], { naming: 'snake_case', cwd: root }));
      const readBack = normalizeSchema(readEntities([typesFile], { naming: 'snake_case', cwd: root }));
      // kysely-codegen writes Buffer for bytea / longblob / blob, and text[] as string[] on PostgreSQL.
      expect(text).toMatch(/^ {2}avatar: (Buffer \| null|Generated<Buffer \| null>);$/m);
      if (dialect.name === 'postgresql') expect(text).toMatch(/^ {2}tags: string\[\];$/m);
      expect(readBack.tables.map((table) => table.name)).toEqual(entities.tables.map((table) => table.name));
      expect(columnLines(readBack)).toEqual(columnLines(entities));
      expect(typeMismatches(dialect, entities, readBack)).toEqual([]);

      const fromTypes = database.config(root, typesFile);
      const again = await generateMigration(fromTypes, { dryRun: true });
      expect({ status: again.status, steps: again.steps }).toEqual({ status: 'unchanged', steps: { up: [], down: [] } });
    } finally {
      await database.drop();
    }
  });
});
