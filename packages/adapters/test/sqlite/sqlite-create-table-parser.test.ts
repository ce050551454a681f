import {
  findEnumChecks,
  hasAutoincrement,
  parseSqliteColumnType,
  parseSqliteDefault,
  tokenizeSql,
} from '@gati-framework/migrations-adapters/sqlite';

describe('CREATE TABLE parser', () => {
  const checks = (text: string) => findEnumChecks(tokenizeSql(text));

  it('finds enum CHECKs with any quoting, spacing and case', () => {
    expect(
      checks(`CREATE TABLE t (
        a TEXT CHECK ("a" IN ('x', 'y')),
        b TEXT check(\`b\`in('p','q''s')),
        c TEXT CONSTRAINT c_enum Check ( [c] In ( 'only' ) ),
        d TEXT CHECK (d IN ('1','2')),
        CHECK ("E" IN ('table', 'level'))
      )`),
    ).toEqual([
      { column: 'a', values: ['x', 'y'] },
      { column: 'b', values: ['p', "q's"] },
      { column: 'c', values: ['only'] },
      { column: 'd', values: ['1', '2'] },
      { column: 'E', values: ['table', 'level'] },
    ]);
  });

  it('ignores CHECKs that are not a plain list of strings', () => {
    expect(
      checks(`CREATE TABLE t (
        a INTEGER CHECK (a IN (1, 2)),
        b TEXT CHECK (b NOT IN ('x')),
        c TEXT CHECK (c IN ('x') OR c IS NULL),
        d TEXT CHECK (length(d) > 2),
        e TEXT CHECK (e IN ('x', 1))
      )`),
    ).toEqual([]);
  });

  it('is not fooled by strings and comments', () => {
    const text = `CREATE TABLE t (
      note TEXT DEFAULT 'CHECK (note IN (''a''))', -- CHECK (x IN ('b')) AUTOINCREMENT
      /* CHECK (y IN ('c')) AUTOINCREMENT */ "weird AUTOINCREMENT" TEXT
    )`;
    expect(checks(text)).toEqual([]);
    expect(hasAutoincrement(tokenizeSql(text))).toBe(false);
    expect(hasAutoincrement(tokenizeSql('CREATE TABLE t (id integer primary key autoincrement)'))).toBe(true);
  });
});

describe('parseSqliteColumnType', () => {
  it.each([
    ['INTEGER', { kind: 'int' }],
    ['int', { kind: 'int' }],
    ['BIGINT', { kind: 'bigint' }],
    ['TEXT', { kind: 'text' }],
    ['REAL', { kind: 'float' }],
    ['FLOAT', { kind: 'float' }],
    ['DOUBLE', { kind: 'float' }],
    ['double  precision', { kind: 'float' }],
    ['NUMERIC', { kind: 'decimal', precision: 10, scale: 0 }],
    ['DECIMAL(8)', { kind: 'decimal', precision: 8, scale: 0 }],
    ['decimal ( 12 , 4 )', { kind: 'decimal', precision: 12, scale: 4 }],
    ['VARCHAR(64)', { kind: 'varchar', length: 64 }],
    ['BOOLEAN', { kind: 'boolean' }],
    ['BOOL', { kind: 'boolean' }],
    ['DATETIME', { kind: 'custom', raw: 'datetime' }],
    ['Character Varying(10)', { kind: 'custom', raw: 'character varying(10)' }],
    ['', { kind: 'custom', raw: 'blob' }],
  ])('%s', (declared, expected) => {
    expect(parseSqliteColumnType(declared)).toStrictEqual(expected);
  });
});

describe('parseSqliteDefault', () => {
  it.each([
    [null, undefined],
    ["'plain'", { kind: 'literal', value: 'plain' }],
    ["'it''s'", { kind: 'literal', value: "it's" }],
    ["''", { kind: 'literal', value: '' }],
    ['42', { kind: 'literal', value: 42 }],
    ['-7', { kind: 'literal', value: -7 }],
    ['1.5e3', { kind: 'literal', value: 1500 }],
    ['.5', { kind: 'literal', value: 0.5 }],
    ['NULL', { kind: 'literal', value: null }],
    ['null', { kind: 'literal', value: null }],
    ['TRUE', { kind: 'literal', value: true }],
    ['false', { kind: 'literal', value: false }],
    ['CURRENT_TIMESTAMP', { kind: 'sql', expression: 'CURRENT_TIMESTAMP' }],
    ["datetime('now')", { kind: 'sql', expression: "datetime('now')" }],
    ["'a' || 'b'", { kind: 'sql', expression: "'a' || 'b'" }],
    ['0x1F', { kind: 'sql', expression: '0x1F' }],
    ['123456789012345678901', { kind: 'sql', expression: '123456789012345678901' }],
  ])('%s', (dflt, expected) => {
    expect(parseSqliteDefault(dflt)).toStrictEqual(expected);
  });
});
