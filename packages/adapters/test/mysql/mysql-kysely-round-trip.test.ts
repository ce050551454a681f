import { Kysely, sql } from 'kysely';
import type { ColumnModel, EnumModel, LogicalType } from '@gati-framework/migrations';
import { mysqlAdapter, mysqlTypeMapping } from '@gati-framework/migrations-adapters/mysql';
import { createMysqlDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

const enums: EnumModel[] = [{ name: 'things_status', values: ['new', "it's", 'done'] }];

/** Every logical type but custom, under the column name the round trip uses. */
const COLUMNS: [string, LogicalType][] = [
  ['an_int', { kind: 'int' }],
  ['a_bigint', { kind: 'bigint' }],
  ['a_text', { kind: 'text' }],
  ['a_varchar', { kind: 'varchar', length: 40 }],
  ['a_decimal', { kind: 'decimal', precision: 10, scale: 2 }],
  ['a_float', { kind: 'float' }],
  ['a_boolean', { kind: 'boolean' }],
  ['a_timestamp', { kind: 'timestamp' }],
  ['a_json', { kind: 'json' }],
  ['a_uuid', { kind: 'uuid' }],
  ['status', { kind: 'enum', name: 'things_status' }],
];

describe('mysql type mapping through Kysely (real server)', () => {
  let up = false;
  let database: ServerDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    up = await serverAvailable('mysql');
    if (!up) return;
    database = await createMysqlDatabase();
    db = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: database.url }) });
  });

  afterAll(async () => {
    if (!up) return;
    await db.destroy();
    await database.drop();
  });

  it('Kysely accepts every columnType as a plain string except enum, which needs sql``', () => {
    const builder = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: 'mysql://u@h/d' }) }).schema.createTable('t');
    for (const [name, type] of COLUMNS) {
      const columnType = mysqlTypeMapping.columnType(type, enums);
      if (type.kind === 'enum') {
        expect(() => builder.addColumn(name, columnType as any)).toThrow(/invalid column data type/);
      } else {
        expect(() => builder.addColumn(name, columnType as any)).not.toThrow();
      }
    }
  });

  it('creates every type through the schema builder and reads it back as the same logical type', async () => {
    if (!up) return;
    let builder = db.schema.createTable('things').addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
    for (const [name, type] of COLUMNS) {
      const columnType = mysqlTypeMapping.columnType(type, enums);
      builder = builder.addColumn(name, type.kind === 'enum' ? sql.raw(columnType) : (columnType as any));
    }
    await builder.execute();

    // Defaults written with literal(), as the emitter does.
    const defaults: [string, LogicalType, string | number | boolean][] = [
      ['d_text', { kind: 'varchar', length: 10 }, "it's \\ ok"],
      ['d_bool', { kind: 'boolean' }, true],
      ['d_num', { kind: 'decimal', precision: 6, scale: 3 }, -12.5],
      ['d_enum', { kind: 'enum', name: 'things_status' }, "it's"],
    ];
    await db.schema
      .alterTable('things')
      .addColumn('d_int', 'integer', (col) => col.notNull().defaultTo(7))
      .execute();
    for (const [name, type, value] of defaults) {
      const columnType = mysqlTypeMapping.columnType(type, enums);
      await db.schema
        .alterTable('things')
        .addColumn(name, type.kind === 'enum' ? sql.raw(columnType) : (columnType as any), (col) =>
          col.notNull().defaultTo(sql.raw(mysqlTypeMapping.literal(value, type))),
        )
        .execute();
    }

    const model = await mysqlAdapter.introspect(db, { excludeTables: [] });
    const things = model.tables.find((t) => t.name === 'things')!;
    const expectedColumns: ColumnModel[] = [
      { name: 'id', type: { kind: 'int' }, nullable: false, generated: true },
      ...COLUMNS.map(([name, type]): ColumnModel => ({ name, type, nullable: true })),
      { name: 'd_int', type: { kind: 'int' }, nullable: false, default: { kind: 'literal', value: 7 } },
      ...defaults.map(([name, type, value]): ColumnModel => ({
        name,
        // An inline enum is read back under the name `<table>_<column>`.
        type: type.kind === 'enum' ? { kind: 'enum', name: `things_${name}` } : type,
        nullable: false,
        default: { kind: 'literal', value },
      })),
    ];
    expect(things.columns).toEqual(expectedColumns);
    expect(model.enums).toEqual([
      { name: 'things_d_enum', values: ['new', "it's", 'done'] },
      { name: 'things_status', values: ['new', "it's", 'done'] },
    ]);
  });

  it('returns values with the runtime types tsType declares', async () => {
    if (!up) return;
    const when = new Date('2024-01-15T10:00:00.123Z');
    await db
      .insertInto('things')
      .values({
        an_int: 42,
        a_bigint: 9007199254740991,
        a_text: 'hello',
        a_varchar: 'world',
        a_decimal: '12.34',
        a_float: 1.25,
        a_boolean: true,
        a_timestamp: when,
        a_json: JSON.stringify({ a: [1, 2] }),
        a_uuid: '0b6e4f0e-8a1c-4f55-9d2b-3f0a7c1e9b10',
        status: "it's",
      })
      .execute();
    const row = await db.selectFrom('things').selectAll().executeTakeFirstOrThrow();
    const tsTypeOf = (value: unknown): string => (value instanceof Date ? 'Date' : typeof value);
    for (const [name, type] of COLUMNS) {
      const declared = mysqlTypeMapping.tsType(type, enums);
      const actual = tsTypeOf(row[name]);
      if (declared === 'unknown') continue;
      if (type.kind === 'enum') expect(actual).toBe('string');
      else expect(`${name}: ${actual}`).toBe(`${name}: ${declared}`);
    }
    expect(row).toMatchObject({
      an_int: 42,
      a_bigint: 9007199254740991,
      a_decimal: '12.34',
      a_float: 1.25,
      a_boolean: 1,
      a_timestamp: when,
      a_uuid: '0b6e4f0e-8a1c-4f55-9d2b-3f0a7c1e9b10',
      status: "it's",
      d_text: "it's \\ ok",
      d_bool: 1,
      d_num: '-12.500',
      d_enum: "it's",
      d_int: 7,
    });
    // MariaDB hands json back as text, MySQL parses it: hence `unknown`.
    const json = typeof row.a_json === 'string' ? JSON.parse(row.a_json) : row.a_json;
    expect(json).toEqual({ a: [1, 2] });
  });

  it('casts with castTarget', async () => {
    if (!up) return;
    const cast = (expression: string, type: LogicalType) => sql.raw(`CAST(${expression} AS ${mysqlTypeMapping.castTarget(type, enums)})`);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT ${cast("'42'", { kind: 'int' })} AS i, ${cast("'1.005'", { kind: 'decimal', precision: 6, scale: 2 })} AS d,
             ${cast("'2.5'", { kind: 'float' })} AS f, ${cast('12', { kind: 'text' })} AS t,
             ${cast("'2024-01-15 10:00:00.123'", { kind: 'timestamp' })} AS ts,
             ${cast('\'{"a":1}\'', { kind: 'json' })} AS j
    `.execute(db);
    expect(rows[0]).toEqual({
      i: 42,
      d: '1.01',
      f: 2.5,
      t: '12',
      ts: new Date('2024-01-15T10:00:00.123Z'),
      j: '{"a":1}',
    });
  });
});
