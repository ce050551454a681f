import { EntityError, type EnumModel, type LogicalType } from '@gati-framework/migrations';
import sqliteDefault, { sqliteAdapter, sqliteCapabilities, sqliteTypeMapping } from '@gati-framework/migrations-adapters/sqlite';

const enums: EnumModel[] = [
  { name: 'post_status', values: ['draft', 'published'] },
  { name: 'quirky', values: ["it's", 'back\\slash'] },
  { name: 'empty', values: [] },
];

describe('sqlite adapter', () => {
  it('is the default export, frozen, named sqlite', () => {
    expect(sqliteDefault).toBe(sqliteAdapter);
    expect(sqliteAdapter.name).toBe('sqlite');
    expect(Object.isFrozen(sqliteAdapter)).toBe(true);
    expect(sqliteAdapter.types).toBe(sqliteTypeMapping);
  });

  it('declares what SQLite DDL can do', () => {
    expect(sqliteAdapter.capabilities).toBe(sqliteCapabilities);
    expect(sqliteCapabilities).toStrictEqual({
      transactionalDdl: true,
      alterColumnType: false,
      alterColumnConstraints: false,
      alterForeignKeys: false,
      renameColumn: true,
      dropColumn: true,
      enums: 'check',
      varchar: false,
      identity: 'autoincrement',
    });
    expect(Object.isFrozen(sqliteCapabilities)).toBe(true);
  });
});

describe('sqlite type mapping', () => {
  const cases: [LogicalType, string, string, string][] = [
    // type, columnType, castTarget, tsType
    [{ kind: 'int' }, 'integer', 'integer', 'number'],
    [{ kind: 'bigint' }, 'integer', 'integer', 'number'],
    [{ kind: 'text' }, 'text', 'text', 'string'],
    [{ kind: 'varchar', length: 255 }, 'text', 'text', 'string'],
    [{ kind: 'uuid' }, 'text', 'text', 'string'],
    [{ kind: 'timestamp' }, 'text', 'text', 'string'],
    [{ kind: 'json' }, 'text', 'text', 'string'],
    [{ kind: 'binary' }, 'blob', 'blob', 'Uint8Array'],
    // No arrays on SQLite: a JSON array, as text.
    [{ kind: 'array', element: { kind: 'timestamp' } }, 'text', 'text', 'string'],
    [{ kind: 'boolean' }, 'integer', 'integer', 'number'],
    [{ kind: 'float' }, 'real', 'real', 'number'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, 'numeric(10, 2)', 'numeric', 'number'],
    [{ kind: 'enum', name: 'post_status' }, 'text', 'text', "'draft' | 'published'"],
    [{ kind: 'custom', raw: 'blob' }, 'blob', 'blob', 'unknown'],
  ];

  it.each(cases)('%j -> column %s, cast %s, ts %s', (type, columnType, castTarget, tsType) => {
    expect(sqliteTypeMapping.columnType(type, enums)).toBe(columnType);
    expect(sqliteTypeMapping.castTarget(type, enums)).toBe(castTarget);
    expect(sqliteTypeMapping.tsType(type, enums)).toBe(tsType);
  });

  it('spells every column type so that Kysely accepts it as a plain data type', async () => {
    const { Kysely, DummyDriver, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } = await import('kysely');
    const db = new Kysely<any>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new SqliteIntrospector(k),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    });
    for (const [type, columnType] of cases.filter(([type]) => type.kind !== 'custom')) {
      const compiled = db.schema
        .createTable('t')
        .addColumn('c', columnType as any)
        .compile();
      expect(compiled.sql).toBe(`create table "t" ("c" ${sqliteTypeMapping.columnType(type, enums)})`);
    }
  });

  it("writes a timestamp's CURRENT_TIMESTAMP default as ISO 8601 text, and any other default as written", () => {
    const iso = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    for (const now of ['CURRENT_TIMESTAMP', 'current_timestamp()', 'now()', '(CURRENT_TIMESTAMP)']) {
      expect(sqliteTypeMapping.defaultExpression!(now, { kind: 'timestamp' })).toBe(iso);
    }
    expect(sqliteTypeMapping.defaultExpression!('CURRENT_TIMESTAMP', { kind: 'text' })).toBe('CURRENT_TIMESTAMP');
    expect(sqliteTypeMapping.defaultExpression!("datetime('now')", { kind: 'timestamp' })).toBe("datetime('now')");
  });

  it('escapes enum values in the TypeScript union', () => {
    expect(sqliteTypeMapping.tsType({ kind: 'enum', name: 'quirky' }, enums)).toBe("'it\\'s' | 'back\\\\slash'");
  });

  it('types an enum with no values as never, and an unknown enum as string', () => {
    expect(sqliteTypeMapping.tsType({ kind: 'enum', name: 'empty' }, enums)).toBe('never');
    expect(sqliteTypeMapping.tsType({ kind: 'enum', name: 'missing' }, enums)).toBe('string');
  });

  it('writes literals as SQLite reads them', () => {
    const text: LogicalType = { kind: 'text' };
    expect(sqliteTypeMapping.literal('plain', text)).toBe("'plain'");
    expect(sqliteTypeMapping.literal("it's 'quoted'", text)).toBe("'it''s ''quoted'''");
    expect(sqliteTypeMapping.literal('', text)).toBe("''");
    expect(sqliteTypeMapping.literal(true, { kind: 'boolean' })).toBe('1');
    expect(sqliteTypeMapping.literal(false, { kind: 'boolean' })).toBe('0');
    expect(sqliteTypeMapping.literal(42, { kind: 'int' })).toBe('42');
    expect(sqliteTypeMapping.literal(-1.25, { kind: 'float' })).toBe('-1.25');
    expect(sqliteTypeMapping.literal(null, text)).toBe('NULL');
  });

  it('refuses a number SQLite cannot write as a literal', () => {
    expect(() => sqliteTypeMapping.literal(Number.NaN, { kind: 'float' })).toThrow(EntityError);
    expect(() => sqliteTypeMapping.literal(Number.POSITIVE_INFINITY, { kind: 'float' })).toThrow(/Infinity/);
  });
});
