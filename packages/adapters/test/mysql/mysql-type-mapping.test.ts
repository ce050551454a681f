import { EntityError, type EnumModel, type LogicalType } from '@gati-framework/migrations';
import mysqlDefault, {
  mysqlAdapter,
  mysqlCapabilities,
  mysqlStringLiteral,
  mysqlTypeMapping,
} from '@gati-framework/migrations-adapters/mysql';

const enums: EnumModel[] = [
  { name: 'order_status', values: ['pending', 'paid', 'shipped'] },
  { name: 'quirky', values: ["it's", 'back\\slash'] },
  { name: 'empty', values: [] },
];

const ALL: [LogicalType, string, string, string][] = [
  // type, columnType, castTarget, tsType
  [{ kind: 'int' }, 'integer', 'signed', 'number'],
  [{ kind: 'bigint' }, 'bigint', 'signed', 'number'],
  [{ kind: 'text' }, 'text', 'char', 'string'],
  [{ kind: 'varchar', length: 255 }, 'varchar(255)', 'char', 'string'],
  [{ kind: 'decimal', precision: 10, scale: 2 }, 'decimal(10, 2)', 'decimal(10,2)', 'string'],
  [{ kind: 'float' }, 'double precision', 'double', 'number'],
  [{ kind: 'boolean' }, 'boolean', 'signed', 'number'],
  [{ kind: 'timestamp' }, 'datetime(3)', 'datetime(3)', 'Date'],
  [{ kind: 'json' }, 'json', 'char', 'unknown'],
  [{ kind: 'binary' }, 'longblob', 'binary', 'Uint8Array'],
  // No arrays on MySQL: a JSON array.
  [{ kind: 'array', element: { kind: 'text' } }, 'json', 'char', 'unknown'],
  [{ kind: 'uuid' }, 'char(36)', 'char', 'string'],
  [{ kind: 'enum', name: 'order_status' }, "enum('pending','paid','shipped')", 'char', "'pending' | 'paid' | 'shipped'"],
  [{ kind: 'custom', raw: 'mediumblob' }, 'mediumblob', 'mediumblob', 'unknown'],
];

describe('mysql type mapping', () => {
  it.each(ALL)('maps %j', (type, columnType, castTarget, tsType) => {
    expect(mysqlTypeMapping.columnType(type, enums)).toBe(columnType);
    expect(mysqlTypeMapping.castTarget(type, enums)).toBe(castTarget);
    expect(mysqlTypeMapping.tsType(type, enums)).toBe(tsType);
  });

  it('quotes enum values with SQL escaping in DDL and TypeScript escaping in types', () => {
    const type: LogicalType = { kind: 'enum', name: 'quirky' };
    expect(mysqlTypeMapping.columnType(type, enums)).toBe("enum('it''s','back\\\\slash')");
    expect(mysqlTypeMapping.tsType(type, enums)).toBe("'it\\'s' | 'back\\\\slash'");
  });

  it('refuses an enum it cannot declare, and types an unknown one as string', () => {
    expect(() => mysqlTypeMapping.columnType({ kind: 'enum', name: 'missing' }, enums)).toThrow(EntityError);
    expect(() => mysqlTypeMapping.columnType({ kind: 'enum', name: 'missing' }, enums)).toThrow(/"missing"/);
    expect(() => mysqlTypeMapping.columnType({ kind: 'enum', name: 'empty' }, enums)).toThrow(/no values/);
    expect(mysqlTypeMapping.tsType({ kind: 'enum', name: 'missing' }, enums)).toBe('string');
    expect(mysqlTypeMapping.tsType({ kind: 'enum', name: 'empty' }, enums)).toBe('never');
  });

  it('writes literals', () => {
    const text: LogicalType = { kind: 'text' };
    expect(mysqlTypeMapping.literal('USD', text)).toBe("'USD'");
    expect(mysqlTypeMapping.literal("it's", text)).toBe("'it''s'");
    expect(mysqlTypeMapping.literal('a\\b', text)).toBe("'a\\\\b'");
    expect(mysqlTypeMapping.literal('', text)).toBe("''");
    expect(mysqlTypeMapping.literal(true, { kind: 'boolean' })).toBe('1');
    expect(mysqlTypeMapping.literal(false, { kind: 'boolean' })).toBe('0');
    expect(mysqlTypeMapping.literal(42, { kind: 'int' })).toBe('42');
    expect(mysqlTypeMapping.literal(-1.5, { kind: 'float' })).toBe('-1.5');
    expect(mysqlTypeMapping.literal(null, text)).toBe('NULL');
    expect(() => mysqlTypeMapping.literal(Number.NaN, { kind: 'float' })).toThrow(EntityError);
    expect(mysqlStringLiteral("o'k")).toBe("'o''k'");
  });

  it('declares the capabilities and is the default export', () => {
    expect(mysqlCapabilities).toMatchObject({
      transactionalDdl: false,
      alterColumnType: true,
      alterColumnConstraints: true,
      alterForeignKeys: true,
      renameColumn: true,
      dropColumn: true,
      enums: 'inline',
      varchar: true,
      identity: 'autoincrement',
      columnChanges: 'modify-column',
    });
    // No schemas (a MySQL schema is a database); what its costly changes cost, priced for InnoDB.
    expect(mysqlCapabilities.schemas).toBeUndefined();
    expect(mysqlCapabilities.costs?.['add-foreign-key']?.[0]?.message).toMatch(/ALGORITHM=COPY/);
    expect(Object.isFrozen(mysqlCapabilities)).toBe(true);
    expect(Object.isFrozen(mysqlTypeMapping)).toBe(true);
    expect(mysqlAdapter.name).toBe('mysql');
    expect(mysqlAdapter.capabilities).toBe(mysqlCapabilities);
    expect(mysqlAdapter.types).toBe(mysqlTypeMapping);
    expect(typeof mysqlAdapter.acquireLock).toBe('function');
    // MySQL writes MODIFY COLUMN, a conversion's column AFTER the one it replaces, DROP PRIMARY KEY, per-table
    // DROP INDEX and RENAME INDEX, and a foreign key's rename (drop and add) itself; the rest is portable.
    expect(Object.keys(mysqlAdapter.writers ?? {}).sort()).toEqual([
      'addPrimaryKey',
      'alterColumn',
      'changeColumnType',
      'convertColumn',
      'dropIndex',
      'dropPrimaryKey',
      'renameForeignKey',
      'renameIndex',
      'replacePrimaryKey',
    ]);
    expect(mysqlDefault).toBe(mysqlAdapter);
  });
});
