/**
 * Each dialect's total conversions (`TypeMapping.convertValue`), run on the real database: a value that converts
 * as it is gives the converted value, any other gives NULL, and none raises an error. These are the expressions
 * generated migrations check every row with before a type conversion changes anything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, type RawBuilder, sql } from 'kysely';
import type { Adapter, EnumModel, LogicalType, SqlPart } from '@gati-framework/migrations';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable, type ServerDatabase } from '../../../test/support/test-databases';

type Dialect = 'sqlite' | 'postgresql' | 'mysql';
const ADAPTERS: Record<Dialect, Adapter> = { sqlite: sqliteAdapter, postgresql: postgresqlAdapter, mysql: mysqlAdapter };

const text: LogicalType = { kind: 'varchar', length: 255 };
const int: LogicalType = { kind: 'int' };
const bigint: LogicalType = { kind: 'bigint' };
const float: LogicalType = { kind: 'float' };
const boolean: LogicalType = { kind: 'boolean' };
const decimal = (precision: number, scale: number): LogicalType => ({ kind: 'decimal', precision, scale });
const ENUMS: EnumModel[] = [{ name: 'status', values: ['draft', 'live'] }];

/** A value as the test compares it: NULL, else its text (a boolean as 1 or 0, a date as `date`). */
function shown(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return 'date';
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** The conversion's SQL parts as a Kysely expression over the column `v`. */
function expression(parts: readonly SqlPart[]): RawBuilder<unknown> {
  return sql.join(
    parts.map((part) => (typeof part === 'string' ? sql.raw(part) : sql.ref('v'))),
    sql.raw(''),
  );
}

describe.each<Dialect>(['sqlite', 'postgresql', 'mysql'])('total conversions on %s', (dialect) => {
  const adapter = ADAPTERS[dialect];
  let db: Kysely<any>;
  let server: ServerDatabase | undefined;
  let dir: string | undefined;
  let available = true;
  let table = 0;

  beforeAll(async () => {
    if (dialect === 'sqlite') {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-conversions-'));
      db = new Kysely<any>({ dialect: adapter.createDialect({ filename: path.join(dir, 'db.sqlite') }) });
      return;
    }
    available = await serverAvailable(dialect);
    if (!available) return;
    server = dialect === 'postgresql' ? await createPostgresDatabase() : await createMysqlDatabase();
    db = new Kysely<any>({ dialect: adapter.createDialect({ url: server.url }) });
    if (dialect === 'postgresql') await sql`CREATE TYPE status AS ENUM ('draft', 'live')`.execute(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await server?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Each of `values`, stored in a column of type `from`, converted to `to`. */
  async function convert(from: LogicalType, to: LogicalType, values: readonly unknown[]): Promise<(string | null)[]> {
    const name = `t${++table}`;
    await db.schema
      .createTable(name)
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('v', sql.raw(adapter.types.columnType(from, ENUMS)))
      .execute();
    if (values.length > 0)
      await db
        .insertInto(name)
        .values(values.map((v, id) => ({ id, v })))
        .execute();
    const parts = adapter.types.convertValue!([{ code: 'v' }], from, to, ENUMS);
    const rows = await db.selectFrom(name).select(expression(parts).as('out')).orderBy('id').execute();
    return rows.map((row) => shown(row.out));
  }

  it('text to a whole number: digits with a sign, trimmed; nothing else, nothing out of range', async () => {
    if (!available) return;
    expect(
      await convert(text, int, ['42', ' 7 ', '+7', '007', '-3', 'abc', '', '3.9', '1e3', '2147483648', '99999999999999999999999', null]),
    ).toEqual([
      '42',
      '7',
      '7',
      '7',
      '-3',
      null,
      null,
      null,
      null,
      dialect === 'sqlite' ? '2147483648' : null, // SQLite's integer is 64-bit whatever the declared int
      null,
      null,
    ]);
  });

  it('text to a number, and to a decimal it fits exactly', async () => {
    if (!available) return;
    expect(await convert(text, float, ['3.5', '-0.25', '1e3', 'abc', '', '1-2'])).toEqual(['3.5', '-0.25', '1000', null, null, null]);
    expect(await convert(text, decimal(5, 2), ['123.45', '7', '123.456', '1234.5', 'x'])).toEqual([
      '123.45',
      dialect === 'sqlite' ? '7' : '7.00',
      null,
      null,
      null,
    ]);
  });

  it('numbers to narrower numbers: only what converts exactly', async () => {
    if (!available) return;
    expect(await convert(float, int, [3, 3.5, -2, 1e12])).toEqual(['3', null, '-2', dialect === 'sqlite' ? '1000000000000' : null]);
    expect(await convert(float, decimal(5, 2), [0.1, 0.125, 12.5, 1e6])).toEqual([
      dialect === 'sqlite' ? '0.1' : '0.10',
      null,
      dialect === 'sqlite' ? '12.5' : '12.50',
      null,
    ]);
    if (dialect !== 'sqlite') {
      // SQLite stores int and bigint alike: there is no conversion between them there.
      expect(await convert(bigint, int, [5, 2147483648])).toEqual(['5', null]);
      expect(await convert(bigint, float, [5, '9007199254740993'])).toEqual(['5', null]);
    }
  });

  it('text and numbers to booleans: true or false in their usual spellings, 1 and 0', async () => {
    if (!available) return;
    expect(await convert(text, boolean, ['true', 'NO', ' on ', 't', '0', 'maybe', '2', ''])).toEqual([
      '1',
      '0',
      '1',
      '1',
      '0',
      null,
      null,
      null,
    ]);
    expect(await convert(int, boolean, [1, 0, 2, -1])).toEqual(['1', '0', null, null]);
  });

  it('text to a timestamp: ISO 8601 dates that exist', async () => {
    if (!available || dialect === 'sqlite') return; // text on SQLite: nothing to convert
    const converted = await convert(text, { kind: 'timestamp' }, [
      '2024-01-15 10:00:00',
      '2024-02-29T23:59:59.5',
      '2023-02-29',
      '2024-02-30',
      'now',
      'abc',
      '',
    ]);
    expect(converted).toEqual(['date', 'date', null, null, null, null, null]);
  });

  it('text to a shorter text, a UUID, a label, JSON', async () => {
    if (!available || dialect === 'sqlite') return; // all text on SQLite: nothing to convert
    expect(await convert(text, { kind: 'varchar', length: 3 }, ['abc', 'abcd', ''])).toEqual(['abc', null, '']);
    expect(await convert(text, { kind: 'uuid' }, ['0f8fad5b-d9cb-469f-a165-70867728950e', 'not-a-uuid'])).toEqual([
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      null,
    ]);
    expect(await convert(text, { kind: 'enum', name: 'status' }, ['live', 'Live', 'gone'])).toEqual(['live', null, null]);
    if (dialect === 'mysql') expect(await convert(text, { kind: 'json' }, ['{"a": 1}', '{'])).toEqual(['{"a": 1}', null]);
  });
});
