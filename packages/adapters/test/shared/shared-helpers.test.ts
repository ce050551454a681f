/** The helpers the three introspectors and type mappings share, one implementation each. */
import { sqlStringLiteral } from '@gati-framework/migrations';
import { mysqlStringLiteral } from '../../src/mysql/mysql-type-mapping';
import { postgresqlStringLiteral } from '../../src/postgresql/postgresql-type-mapping';
import { groupBy } from '../../src/shared/group-by';
import { referentialAction } from '../../src/shared/referential-action';
import { sqliteStringLiteral } from '../../src/sqlite/sqlite-type-mapping';

describe('shared adapter helpers', () => {
  it('groupBy keeps the order of the items in each group, and of the keys as they first appear', () => {
    const rows = [
      { t: 'b', n: 1 },
      { t: 'a', n: 2 },
      { t: 'b', n: 3 },
    ];
    expect([...groupBy(rows, (r) => r.t)]).toEqual([
      ['b', [rows[0], rows[2]]],
      ['a', [rows[1]]],
    ]);
    expect(groupBy([], (r: { t: string }) => r.t).size).toBe(0);
  });

  it('referentialAction reads the ON DELETE rule as the databases report it', () => {
    expect(referentialAction('CASCADE')).toBe('cascade');
    expect(referentialAction('set null')).toBe('set null');
    expect(referentialAction('RESTRICT')).toBe('restrict');
    expect(referentialAction('NO ACTION')).toBeUndefined();
    expect(referentialAction('SET DEFAULT')).toBeUndefined();
  });

  it("one SQL string literal: quotes doubled; MySQL's also escapes backslashes", () => {
    expect(sqlStringLiteral("it's")).toBe("'it''s'");
    expect(sqlStringLiteral('a\\b')).toBe("'a\\b'");
    expect(postgresqlStringLiteral("it's")).toBe("'it''s'");
    expect(sqliteStringLiteral("it's")).toBe("'it''s'");
    expect(mysqlStringLiteral("it's a\\b")).toBe("'it''s a\\\\b'");
  });
});
