import { EntityError, type EnumModel, type LogicalType } from '@gati-framework/migrations';
import postgresqlDefault, {
  parsePostgresqlColumnType,
  parsePostgresqlDefault,
  postgresqlAdapter,
  postgresqlCapabilities,
  postgresqlTypeMapping,
} from '@gati-framework/migrations-adapters/postgresql';

const enums: EnumModel[] = [
  { name: 'order_status', values: ['pending', 'paid'] },
  { name: 'quirky', values: ["it's", 'back\\slash'] },
  { name: 'Mixed"Case', values: ['a'] },
  { name: 'empty', values: [] },
  { name: 'sales.order_status', values: ['open'] },
];

describe('postgresql adapter', () => {
  it('is the default export, frozen, named postgresql, with a polling lock and no exists()', () => {
    expect(postgresqlDefault).toBe(postgresqlAdapter);
    expect(postgresqlAdapter.name).toBe('postgresql');
    expect(Object.isFrozen(postgresqlAdapter)).toBe(true);
    expect(postgresqlAdapter.types).toBe(postgresqlTypeMapping);
    expect(typeof postgresqlAdapter.acquireLock).toBe('function');
    expect(postgresqlAdapter.exists).toBeUndefined();
  });

  it('declares what PostgreSQL DDL can do', () => {
    expect(postgresqlAdapter.capabilities).toBe(postgresqlCapabilities);
    expect(postgresqlCapabilities).toStrictEqual({
      transactionalDdl: true,
      alterColumnType: true,
      alterColumnConstraints: true,
      alterForeignKeys: true,
      renameColumn: true,
      dropColumn: true,
      enums: 'named-type',
      varchar: true,
      identity: 'identity',
      concurrentIndexes: true,
      enumAddValue: true,
      validateForeignKeysApart: true,
      schemas: true,
      renameIndex: true,
      namedForeignKeys: true,
      namedPrimaryKey: true,
      costs: postgresqlCapabilities.costs,
      writableCte: true,
    });
    expect(Object.keys(postgresqlCapabilities.costs!).sort()).toEqual([
      'add-foreign-key',
      'backfill',
      'change-type',
      'change-type-in-place',
      'create-index',
      'enum-values',
      'primary-key',
      'set-not-null',
    ]);
    expect(Object.isFrozen(postgresqlCapabilities)).toBe(true);
  });
});

describe('postgresql type mapping', () => {
  const cases: [LogicalType, string, string][] = [
    // type, columnType (= castTarget), tsType
    [{ kind: 'int' }, 'integer', 'number'],
    [{ kind: 'bigint' }, 'bigint', 'string'],
    [{ kind: 'text' }, 'text', 'string'],
    [{ kind: 'varchar', length: 255 }, 'varchar(255)', 'string'],
    [{ kind: 'decimal', precision: 10, scale: 2 }, 'decimal(10, 2)', 'string'],
    [{ kind: 'float' }, 'double precision', 'number'],
    [{ kind: 'boolean' }, 'boolean', 'boolean'],
    [{ kind: 'timestamp' }, 'timestamptz', 'Date'],
    [{ kind: 'json' }, 'jsonb', 'unknown'],
    [{ kind: 'uuid' }, 'uuid', 'string'],
    [{ kind: 'enum', name: 'order_status' }, '"order_status"', "'pending' | 'paid'"],
    [{ kind: 'enum', name: 'Mixed"Case' }, '"Mixed""Case"', "'a'"],
    // A type of another schema: `schema.name`, each part quoted.
    [{ kind: 'enum', name: 'sales.order_status' }, '"sales"."order_status"', "'open'"],
    [{ kind: 'custom', raw: 'tsvector' }, 'tsvector', 'unknown'],
    [{ kind: 'binary' }, 'bytea', 'Uint8Array'],
    // Arrays of scalars are native arrays (the emitter writes them through sql``).
    [{ kind: 'array', element: { kind: 'text' } }, 'text[]', 'string[]'],
    [{ kind: 'array', element: { kind: 'int' } }, 'integer[]', 'number[]'],
    [{ kind: 'array', element: { kind: 'timestamp' } }, 'timestamptz[]', 'Date[]'],
    [{ kind: 'array', element: { kind: 'varchar', length: 40 } }, 'varchar(40)[]', 'string[]'],
    [{ kind: 'array', element: { kind: 'decimal', precision: 10, scale: 2 } }, 'decimal(10, 2)[]', 'string[]'],
  ];

  it.each(cases)('%j -> column and cast %s, ts %s', (type, columnType, tsType) => {
    expect(postgresqlTypeMapping.columnType(type, enums)).toBe(columnType);
    expect(postgresqlTypeMapping.castTarget(type, enums)).toBe(columnType);
    expect(postgresqlTypeMapping.tsType(type, enums)).toBe(tsType);
  });

  it('spells every non-enum column type so that Kysely accepts it as a plain data type', async () => {
    const { Kysely, DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } = await import('kysely');
    const db = new Kysely<any>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    for (const [type, columnType] of cases.filter(([type]) => !['enum', 'custom', 'array'].includes(type.kind))) {
      const compiled = db.schema
        .createTable('t')
        .addColumn('c', columnType as any)
        .compile();
      expect(compiled.sql).toBe(`create table "t" ("c" ${postgresqlTypeMapping.columnType(type, enums)})`);
    }
  });

  it("writes an array's default, JSON in the model, as PostgreSQL writes the array back; other text as it stands", () => {
    const text = { kind: 'array', element: { kind: 'text' } } as const;
    expect(postgresqlTypeMapping.literal('[]', text)).toBe("'{}'");
    expect(postgresqlTypeMapping.literal('["a","b"]', text)).toBe("'{a,b}'");
    expect(postgresqlTypeMapping.literal(JSON.stringify(['a b', '', 'null', 'q"x', 'back\\s', "it's", null]), text)).toBe(
      `'{"a b","","null","q\\"x","back\\\\s",it''s,NULL}'`,
    );
    expect(postgresqlTypeMapping.literal('[1,2.5]', { kind: 'array', element: { kind: 'float' } })).toBe("'{1,2.5}'");
    expect(postgresqlTypeMapping.literal('{x,y}', text)).toBe("'{x,y}'");
    expect(postgresqlTypeMapping.literal('[]', { kind: 'json' })).toBe("'[]'");
  });

  it('types enums it does not know as string, and an empty enum as never; escapes the union', () => {
    expect(postgresqlTypeMapping.tsType({ kind: 'enum', name: 'missing' }, enums)).toBe('string');
    expect(postgresqlTypeMapping.tsType({ kind: 'enum', name: 'empty' }, enums)).toBe('never');
    expect(postgresqlTypeMapping.tsType({ kind: 'enum', name: 'quirky' }, enums)).toBe("'it\\'s' | 'back\\\\slash'");
  });

  it('writes literals', () => {
    const text: LogicalType = { kind: 'text' };
    expect(postgresqlTypeMapping.literal("it's", text)).toBe("'it''s'");
    expect(postgresqlTypeMapping.literal('back\\slash', text)).toBe("'back\\slash'");
    expect(postgresqlTypeMapping.literal(true, { kind: 'boolean' })).toBe('true');
    expect(postgresqlTypeMapping.literal(false, { kind: 'boolean' })).toBe('false');
    expect(postgresqlTypeMapping.literal(42, { kind: 'int' })).toBe('42');
    expect(postgresqlTypeMapping.literal(-1.5, { kind: 'float' })).toBe('-1.5');
    expect(postgresqlTypeMapping.literal(null, text)).toBe('NULL');
    expect(() => postgresqlTypeMapping.literal(Number.NaN, { kind: 'float' })).toThrow(EntityError);
  });
});

describe('parsePostgresqlColumnType', () => {
  it.each([
    ['integer', { kind: 'int' }],
    ['int4', { kind: 'int' }],
    ['bigint', { kind: 'bigint' }],
    ['int8', { kind: 'bigint' }],
    ['text', { kind: 'text' }],
    ['character varying(64)', { kind: 'varchar', length: 64 }],
    ['varchar(8)', { kind: 'varchar', length: 8 }],
    ['character varying', { kind: 'text' }],
    ['numeric(12,2)', { kind: 'decimal', precision: 12, scale: 2 }],
    ['decimal(10, 2)', { kind: 'decimal', precision: 10, scale: 2 }],
    ['numeric(8)', { kind: 'decimal', precision: 8, scale: 0 }],
    ['double precision', { kind: 'float' }],
    ['real', { kind: 'float' }],
    ['boolean', { kind: 'boolean' }],
    ['timestamp with time zone', { kind: 'timestamp' }],
    ['timestamptz', { kind: 'timestamp' }],
    ['jsonb', { kind: 'json' }],
    ['json', { kind: 'json' }],
    ['uuid', { kind: 'uuid' }],
    ['numeric', { kind: 'custom', raw: 'numeric' }],
    ['timestamp(3) with time zone', { kind: 'custom', raw: 'timestamp(3) with time zone' }],
    ['timestamp without time zone', { kind: 'custom', raw: 'timestamp without time zone' }],
    ['smallint', { kind: 'custom', raw: 'smallint' }],
    ['bytea', { kind: 'binary' }],
    ['text[]', { kind: 'array', element: { kind: 'text' } }],
    ['integer[]', { kind: 'array', element: { kind: 'int' } }],
    ['timestamp with time zone[]', { kind: 'array', element: { kind: 'timestamp' } }],
    ['character varying(40)[]', { kind: 'array', element: { kind: 'varchar', length: 40 } }],
    ['numeric(10,2)[]', { kind: 'array', element: { kind: 'decimal', precision: 10, scale: 2 } }],
    ['integer[][]', { kind: 'array', element: { kind: 'int' } }],
    ['jsonb[]', { kind: 'custom', raw: 'jsonb[]' }],
    ['smallint[]', { kind: 'custom', raw: 'smallint[]' }],
    ['"char"', { kind: 'custom', raw: '"char"' }],
  ])('%s', (formatted, expected) => {
    expect(parsePostgresqlColumnType(formatted)).toStrictEqual(expected);
  });

  it('takes an enum from the catalog, whatever the text says', () => {
    expect(parsePostgresqlColumnType('"Order Status"', 'Order Status')).toStrictEqual({ kind: 'enum', name: 'Order Status' });
  });
});

describe('parsePostgresqlDefault', () => {
  it.each([
    [null, undefined],
    ["'USD'::character varying", { kind: 'literal', value: 'USD' }],
    ["'it''s'::text", { kind: 'literal', value: "it's" }],
    ["'a\\b'::text", { kind: 'literal', value: 'a\\b' }],
    ["'pending'::order_status", { kind: 'literal', value: 'pending' }],
    ['\'x\'::"Order Status"', { kind: 'literal', value: 'x' }],
    ["'x'::other.priority", { kind: 'literal', value: 'x' }],
    ["'{}'::jsonb", { kind: 'literal', value: '{}' }],
    ["'{}'::text[]", { kind: 'literal', value: '{}' }],
    ["'2024-01-01 00:00:00+00'::timestamp with time zone", { kind: 'literal', value: '2024-01-01 00:00:00+00' }],
    ["'42'::text", { kind: 'literal', value: '42' }],
    ["'-1'::integer", { kind: 'literal', value: -1 }],
    ["'-3.5'::numeric", { kind: 'literal', value: -3.5 }],
    ["'15000000000'::numeric", { kind: 'literal', value: 15000000000 }],
    ["'-5'::integer::bigint", { kind: 'literal', value: -5 }],
    ["'9007199254740993'::bigint", { kind: 'sql', expression: '9007199254740993' }],
    ['42', { kind: 'literal', value: 42 }],
    ['12.50', { kind: 'literal', value: 12.5 }],
    ['0.1', { kind: 'literal', value: 0.1 }],
    ['true', { kind: 'literal', value: true }],
    ['false', { kind: 'literal', value: false }],
    ['NULL', { kind: 'literal', value: null }],
    ['NULL::character varying', { kind: 'literal', value: null }],
    ['now()', { kind: 'sql', expression: 'now()' }],
    ['CURRENT_TIMESTAMP', { kind: 'sql', expression: 'CURRENT_TIMESTAMP' }],
    ['gen_random_uuid()', { kind: 'sql', expression: 'gen_random_uuid()' }],
    ['(1 + 2)', { kind: 'sql', expression: '(1 + 2)' }],
    ["'1'::integer + 1", { kind: 'sql', expression: "'1'::integer + 1" }],
    ["('a'::text || 'b'::text)", { kind: 'sql', expression: "('a'::text || 'b'::text)" }],
    ["'a'::text || 'b'::text", { kind: 'sql', expression: "'a'::text || 'b'::text" }],
  ])('%s', (expression, expected) => {
    expect(parsePostgresqlDefault(expression)).toStrictEqual(expected);
  });
});
