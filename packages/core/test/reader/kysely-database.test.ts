import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EntityError } from '../../src/errors';
import { type ColumnModel, type SchemaModel, describeType } from '../../src/model';
import { readEntities } from '../../src/reader';
import { fixture, readError, readFixtures } from './read-fixtures';

/*
 * Kysely database interfaces (fixtures/kysely): a file that exports `DB`. hand-written.ts uses Kysely's own
 * helpers as a Kysely user writes them; codegen-<dialect>.ts are kysely-codegen 0.20's real output for the
 * round trip's entity types (test/codegen/fixtures/entities.ts) migrated onto SQLite, PostgreSQL and MariaDB,
 * kept verbatim.
 */

/**
 * `orders.total: decimal(10,2)`, then `?` (nullable), `= <default>`, `identity`, and what the reader guessed
 * (`~type`: no tag chose the type; `~default`: `Generated<T>` without `@default`).
 */
function describeColumn(column: ColumnModel): string {
  const parts = [`${describeType(column.type)}${column.nullable ? '?' : ''}`];
  if (column.default) parts.push(`= ${column.default.kind === 'sql' ? column.default.expression : JSON.stringify(column.default.value)}`);
  if (column.generated) parts.push('identity');
  if (column.unspecified?.type) parts.push('~type');
  if (column.unspecified?.default) parts.push('~default');
  return parts.join(' ');
}

function describeTables(schema: SchemaModel): Record<string, string[]> {
  return Object.fromEntries(schema.tables.map((table) => [table.name, table.columns.map((c) => `${c.name}: ${describeColumn(c)}`)]));
}

describe('Kysely database interfaces', () => {
  it("reads DB's keys as tables and their row types' properties as columns, verbatim, with every Kysely helper", () => {
    const schema = readFixtures(['kysely/hand-written.ts']);
    expect(describeTables(schema)).toEqual({
      customers: [
        'id: int identity ~type ~default',
        'email: varchar(255) ~type',
        'displayName: varchar(80)?',
        'nickname: varchar(255)? ~type',
        'createdAt: timestamp = CURRENT_TIMESTAMP ~type ~default',
        'active: boolean = true ~type',
        'externalRef: uuid',
        'preferences: json? ~type',
        'tags: json ~type',
        'extra: json ~type',
        'flag: json ~type',
        'anything: json ~type',
        'loyalty: bigint ~type',
      ],
      orders: [
        'id: bigint identity ~type ~default',
        'customerId: int ~type',
        'status: enum(order_status) ~type',
        'previousStatus: enum(order_status)? ~type',
        'channel: enum(orders_channel) ~type',
        'total: decimal(10,2)',
        'tax: numeric ~type',
        'placedAt: timestamp = CURRENT_TIMESTAMP ~type ~default',
        'updatedAt: timestamp ~type',
        'note: varchar(255)? ~type',
        'meta: json ~type',
        'settings: json ~type',
        'currency: varchar(255) = "USD" ~type',
        'token: varchar(255) = gen_random_uuid() ~type',
        'version: int ~type ~default',
        'shippedAt: timestamp? ~type ~default',
      ],
      order_lines: ['order_id: int ~type', 'sku: varchar(255) ~type', 'quantity: int ~type'],
    });
    expect(schema.enums).toEqual([
      { name: 'order_status', values: ['pending', 'paid', 'shipped'] },
      { name: 'orders_channel', values: ['web', 'store'] },
    ]);
  });

  it('takes keys from @primaryKey or a column named id, indexes and foreign keys from tags, and says what no tag said', () => {
    const [customers, orders, lines] = readFixtures(['kysely/hand-written.ts']).tables;
    expect(customers).toMatchObject({
      primaryKey: ['id'],
      indexes: [{ name: 'customers_email_key', columns: ['email'], unique: true }],
      foreignKeys: [],
      unspecified: { primaryKey: true, indexes: false, foreignKeys: true, at: 'kysely/hand-written.ts:64' },
    });
    expect(orders).toMatchObject({
      primaryKey: ['id'],
      indexes: [{ name: 'orders_customerId_status_idx', columns: ['customerId', 'status'], unique: false }],
      foreignKeys: [
        {
          name: 'orders_customerId_fkey',
          columns: ['customerId'],
          referencedTable: 'customers',
          referencedColumns: ['id'],
          onDelete: 'cascade',
        },
      ],
      unspecified: { primaryKey: true, indexes: false, foreignKeys: false },
    });
    expect(lines).toMatchObject({ primaryKey: ['order_id', 'sku'], unspecified: { primaryKey: false, indexes: true, foreignKeys: true } });
    expect(orders!.columns.find((c) => c.name === 'version')!.unspecified!.at).toBe('kysely/hand-written.ts:59');
  });

  it('reads the other exports of a file that exports DB as row types, not tables; entity files beside it still are tables', () => {
    const schema = readFixtures(['kysely/hand-written.ts', 'kysely/reviews.ts']);
    expect(schema.tables.map((t) => t.name)).toEqual(['customers', 'orders', 'order_lines', 'reviews']);
    const reviews = schema.tables[3]!;
    expect(reviews.unspecified).toBeUndefined();
    expect(reviews.columns.map((c) => c.name)).toEqual(['id', 'customer_id', 'body']);
    expect(reviews.foreignKeys).toEqual([
      {
        name: 'reviews_customer_id_fkey',
        columns: ['customer_id'],
        referencedTable: 'customers',
        referencedColumns: ['id'],
        onDelete: 'cascade',
      },
    ]);
  });

  it("accepts kysely-codegen's PostgreSQL output: Int8, Numeric, Timestamp, Json, named enums, its own Generated", () => {
    expect(describeTables(readFixtures(['kysely/codegen-postgresql.ts']))).toEqual({
      groups: ['code: varchar(255) ~type', 'name: varchar(255) ~type'],
      members: [
        'id: int identity ~type ~default',
        'active: boolean ~type ~default',
        'age: int ~type',
        'balance: numeric ~type',
        'bio: varchar(255)? ~type',
        'channel: enum(members_channel)? ~type',
        'created_at: timestamp = CURRENT_TIMESTAMP ~type ~default',
        'email: varchar(255) ~type',
        'external_ref: varchar(255)? ~type',
        'first_name: varchar(255) ~type',
        'last_name: varchar(255) ~type',
        'locale: varchar(255) ~type ~default',
        'nickname: varchar(255)? ~type',
        'plan: enum(plan) ~type',
        'rating: int ~type',
        'score: int ~type ~default',
        'seen_at: timestamp? ~type',
        'settings: json? ~type',
        'tags: json ~type',
        'visits: bigint ~type',
      ],
      memberships: ['group_code: varchar(255) ~type', 'joined_at: timestamp = CURRENT_TIMESTAMP ~type ~default', 'member_id: int ~type'],
    });
    expect(readFixtures(['kysely/codegen-postgresql.ts']).enums).toEqual([
      { name: 'members_channel', values: ['store', 'web'] },
      { name: 'plan', values: ['free', 'pro', 'team'] },
    ]);
  });

  it("accepts kysely-codegen's MySQL output: Decimal, inline enums, and Generated<T | null> for a nullable column", () => {
    const schema = readFixtures(['kysely/codegen-mysql.ts']);
    const members = describeTables(schema).members!;
    expect(members).toEqual(
      expect.arrayContaining([
        'id: int identity ~type ~default',
        'active: int ~type ~default',
        'balance: numeric ~type',
        'bio: varchar(255)? ~type ~default',
        'channel: enum(members_channel)? ~type ~default',
        'created_at: timestamp = CURRENT_TIMESTAMP ~type ~default',
        'plan: enum(members_plan) ~type',
        // A nullable timestamp that the database fills with NULL: no CURRENT_TIMESTAMP guessed.
        'seen_at: timestamp? ~type ~default',
        'settings: varchar(255)? ~type ~default',
        'visits: int ~type',
      ]),
    );
    expect(schema.enums).toEqual([
      { name: 'members_channel', values: ['store', 'web'] },
      { name: 'members_plan', values: ['free', 'pro', 'team'] },
    ]);
  });

  it("accepts kysely-codegen's SQLite output, where most columns are string or number", () => {
    const schema = readFixtures(['kysely/codegen-sqlite.ts']);
    expect(describeTables(schema).members).toEqual(
      expect.arrayContaining([
        'id: int identity ~type ~default',
        'active: int ~type ~default',
        'balance: varchar(255) ~type',
        'created_at: varchar(255) ~type ~default',
        'plan: varchar(255) ~type',
        'settings: varchar(255)? ~type',
      ]),
    );
    expect(schema.tables.map((t) => [t.name, t.primaryKey])).toEqual([
      ['groups', []],
      ['members', ['id']],
      ['memberships', []],
    ]);
  });

  it("maps an application's own types named like kysely-codegen's aliases (Timestamp = number, Json = string) as what they are", () => {
    expect(describeTables(readFixtures(['kysely/own-aliases.ts']))).toEqual({
      events: [
        'id: int identity ~type ~default',
        // epoch milliseconds: an integer, not a timestamp
        'at: int ~type',
        // a ColumnType that takes no bigint is not kysely-codegen's Int8
        'sequence: int ~type',
        'amount: int ~type',
        'price: varchar(255) ~type',
        'payload: varchar(255) ~type',
        'flag: boolean ~type',
        'label: varchar(255) ~type',
      ],
    });
  });

  it("recognises kysely-codegen's aliases by their shape: other options and dialects, imported under other names", () => {
    expect(describeTables(readFixtures(['kysely/codegen-options.ts']))).toEqual({
      metrics: [
        'id: int ~type',
        'value: numeric ~type',
        'document: json ~type',
        'scalar: json ~type',
        'items: json ~type',
        'fields: json ~type',
        // the application's own Timestamp, in epoch seconds
        'takenAt: int ~type',
      ],
    });
  });

  it("resolves `kysely` to this package's copy when the project has none", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-kysely-'));
    try {
      fs.copyFileSync(fixture('kysely/codegen-postgresql.ts'), path.join(dir, 'types.ts'));
      const schema = readEntities([path.join(dir, 'types.ts')], { naming: 'snake_case', cwd: dir });
      expect(schema.tables.map((t) => t.name)).toEqual(['groups', 'members', 'memberships']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a 'schema.table' key as a table of that schema, its names and enums in that schema; 'public.' is the default schema", () => {
    const schema = readFixtures(['kysely/schemas.ts']);
    expect(schema.tables.map((t) => t.name)).toEqual(['customers', 'sales.invoices', 'notes']);
    const invoices = schema.tables[1]!;
    expect(invoices.indexes).toEqual([{ name: 'invoices_dueOn_idx', columns: ['dueOn'], unique: false }]);
    expect(invoices.foreignKeys).toEqual([
      { name: 'invoices_customerId_fkey', columns: ['customerId'], referencedTable: 'customers', referencedColumns: ['id'] },
    ]);
    expect(schema.enums).toEqual([{ name: 'sales.invoice_state', values: ['open', 'paid'] }]);
  });

  it('reports malformed keys, keys that are no row type, @table and @column, and unmappable columns with file:line', () => {
    const error = readError(['kysely/errors.ts']);
    expect(error).toBeInstanceOf(EntityError);
    expect(error.message.split('\n')).toEqual([
      'The entity types have 7 problems:',
      "  kysely/errors.ts:8 DB key 'db.audit.events': 'db.audit.events' is not a table name; write `name` or `schema.name` (each not empty, with no NUL character and no space at either end).",
      "  kysely/errors.ts:9 DB.settings has type 'string', which is not a row type: give it an interface (or object type) whose properties are the columns of table settings.",
      "  kysely/errors.ts:10 @table on users: in a Kysely DB interface the key is the table name (`'schema.table'` outside the default schema); rename the key instead.",
      '  kysely/errors.ts:14 @column on posts.title: in a Kysely DB interface the property name is the column name; rename the property instead.',
      "  kysely/errors.ts:16 posts.callback has type '() => void' (a function), which cannot be stored in a column.",
      "  kysely/errors.ts:17 posts.either has type 'string | number' (a union of unrelated types), which cannot be stored in a column.",
      '  kysely/errors.ts:19 empty has no properties, and a table needs at least one column. Add columns to its row type, or remove the key from DB.',
      'Use a supported type (string, number, bigint, boolean, Date, Buffer or Uint8Array, a string literal union, an enum, an array, an object for JSON), ' +
        'or give the column type with `@dbType <type>`.',
    ]);
  });
});
