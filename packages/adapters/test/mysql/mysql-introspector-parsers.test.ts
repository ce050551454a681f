import type { LogicalType } from '@gati-framework/migrations';
import { parseMysqlDefault, parseMysqlEnumValues, readMysqlColumnType } from '@gati-framework/migrations-adapters/mysql';

describe('mysql introspector parsers', () => {
  it.each<[string, LogicalType]>([
    ['int(11)', { kind: 'int' }],
    ['int', { kind: 'int' }],
    ['bigint(20)', { kind: 'bigint' }],
    ['bigint', { kind: 'bigint' }],
    ['tinyint(1)', { kind: 'boolean' }],
    ['text', { kind: 'text' }],
    ['longtext', { kind: 'text' }],
    ['varchar(255)', { kind: 'varchar', length: 255 }],
    ['char(36)', { kind: 'uuid' }],
    ['decimal(10,2)', { kind: 'decimal', precision: 10, scale: 2 }],
    ['double', { kind: 'float' }],
    ['float', { kind: 'float' }],
    ['datetime(3)', { kind: 'timestamp' }],
    ['datetime', { kind: 'timestamp' }],
    ['json', { kind: 'json' }],
    ['INT(11)', { kind: 'int' }],
    ['int(10) unsigned', { kind: 'custom', raw: 'int(10) unsigned' }],
    ['tinyint(4)', { kind: 'custom', raw: 'tinyint(4)' }],
    ['char(2)', { kind: 'custom', raw: 'char(2)' }],
    ['mediumtext', { kind: 'custom', raw: 'mediumtext' }],
    ['datetime(6)', { kind: 'custom', raw: 'datetime(6)' }],
    ['timestamp', { kind: 'custom', raw: 'timestamp' }],
    ['blob', { kind: 'custom', raw: 'blob' }],
    ['longblob', { kind: 'binary' }],
    ['tinyblob', { kind: 'custom', raw: 'tinyblob' }],
  ])('reads %s', (columnType, type) => {
    expect(readMysqlColumnType(columnType, 't_c', false)).toEqual({ type });
  });

  it('reads MariaDB json (longtext with a json_valid CHECK) and enums', () => {
    expect(readMysqlColumnType('longtext', 't_c', true)).toEqual({ type: { kind: 'json' } });
    expect(readMysqlColumnType("enum('a','b')", 'posts_status', false)).toEqual({
      type: { kind: 'enum', name: 'posts_status' },
      enum: { name: 'posts_status', values: ['a', 'b'] },
    });
  });

  it('parses enum values with their escapes, in order', () => {
    expect(parseMysqlEnumValues("enum('x\\\\y','it''s','Up','','d,e')")).toEqual(['x\\y', "it's", 'Up', '', 'd,e']);
    expect(parseMysqlEnumValues("ENUM('a')")).toEqual(['a']);
    expect(parseMysqlEnumValues('varchar(3)')).toBeUndefined();
  });

  describe('defaults', () => {
    const text: LogicalType = { kind: 'varchar', length: 10 };
    const int: LogicalType = { kind: 'int' };
    const bool: LogicalType = { kind: 'boolean' };
    const ts: LogicalType = { kind: 'timestamp' };

    it('reads MariaDB defaults', () => {
      expect(parseMysqlDefault(null, text, '', 'mariadb')).toBeUndefined();
      expect(parseMysqlDefault('NULL', text, '', 'mariadb')).toBeUndefined();
      expect(parseMysqlDefault("'NULL'", text, '', 'mariadb')).toEqual({ kind: 'literal', value: 'NULL' });
      expect(parseMysqlDefault("'USD'", text, '', 'mariadb')).toEqual({ kind: 'literal', value: 'USD' });
      expect(parseMysqlDefault("'it''s \\\\ \\n'", text, '', 'mariadb')).toEqual({ kind: 'literal', value: "it's \\ \n" });
      expect(parseMysqlDefault("''", text, '', 'mariadb')).toEqual({ kind: 'literal', value: '' });
      expect(parseMysqlDefault('5', int, '', 'mariadb')).toEqual({ kind: 'literal', value: 5 });
      expect(parseMysqlDefault('-1.50', { kind: 'decimal', precision: 5, scale: 2 }, '', 'mariadb')).toEqual({
        kind: 'literal',
        value: -1.5,
      });
      expect(parseMysqlDefault('1', bool, '', 'mariadb')).toEqual({ kind: 'literal', value: true });
      expect(parseMysqlDefault('0', bool, '', 'mariadb')).toEqual({ kind: 'literal', value: false });
      expect(parseMysqlDefault('current_timestamp(3)', ts, '', 'mariadb')).toEqual({
        kind: 'sql',
        expression: 'CURRENT_TIMESTAMP(3)',
      });
      expect(parseMysqlDefault('current_timestamp()', ts, '', 'mariadb')).toEqual({
        kind: 'sql',
        expression: 'CURRENT_TIMESTAMP',
      });
      expect(parseMysqlDefault('uuid()', text, '', 'mariadb')).toEqual({ kind: 'sql', expression: 'uuid()' });
      // Too many digits for a JavaScript number: kept as SQL text rather than rounded.
      expect(parseMysqlDefault('12345678901234567890.5000000000', { kind: 'decimal', precision: 30, scale: 10 }, '', 'mariadb')).toEqual({
        kind: 'sql',
        expression: '12345678901234567890.5000000000',
      });
    });

    it('reads MySQL 8 defaults (unquoted literals, DEFAULT_GENERATED expressions)', () => {
      expect(parseMysqlDefault(null, text, '', 'mysql')).toBeUndefined();
      expect(parseMysqlDefault('USD', text, '', 'mysql')).toEqual({ kind: 'literal', value: 'USD' });
      expect(parseMysqlDefault('NULL', text, '', 'mysql')).toEqual({ kind: 'literal', value: 'NULL' });
      expect(parseMysqlDefault('7', int, '', 'mysql')).toEqual({ kind: 'literal', value: 7 });
      expect(parseMysqlDefault('1', bool, '', 'mysql')).toEqual({ kind: 'literal', value: true });
      expect(parseMysqlDefault('CURRENT_TIMESTAMP(3)', ts, 'DEFAULT_GENERATED', 'mysql')).toEqual({
        kind: 'sql',
        expression: 'CURRENT_TIMESTAMP(3)',
      });
    });
  });
});
