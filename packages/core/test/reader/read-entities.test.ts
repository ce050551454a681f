import type { ColumnModel, LogicalType, SchemaModel, TableModel } from '../../src/model';
import { readEntities } from '../../src/reader';
import { fixture, readError, readFixtures } from './read-fixtures';

const varchar = (length = 255): LogicalType => ({ kind: 'varchar', length });
const column = (name: string, type: LogicalType, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: false,
  ...extra,
});
const table = (name: string, parts: Partial<TableModel>): TableModel => ({
  name,
  columns: [],
  primaryKey: ['id'],
  indexes: [],
  foreignKeys: [],
  ...parts,
});

describe('readEntities', () => {
  it('reads the seed case: optional is nullable, id is the primary key', () => {
    expect(readFixtures(['seed/user.ts'])).toStrictEqual({
      tables: [
        table('users', {
          columns: [column('id', varchar()), column('name', varchar()), column('email', varchar(), { nullable: true })],
        }),
      ],
      enums: [],
    });
  });

  it('maps every row of the type table and every JSDoc tag', () => {
    const expected: SchemaModel = {
      tables: [
        table('products', {
          renamedFrom: 'items',
          columns: [
            column('id', { kind: 'int' }, { generated: true }),
            column('sku', varchar(32)),
            column('title', varchar(120)),
            column('description', { kind: 'text' }, { nullable: true }),
            column('price', { kind: 'decimal', precision: 10, scale: 2 }),
            column('weight', { kind: 'float' }),
            column('currency', varchar(), { default: { kind: 'literal', value: 'USD' } }),
            column('stock', { kind: 'bigint' }),
            column('active', { kind: 'boolean' }, { default: { kind: 'literal', value: true } }),
            column('tags', { kind: 'array', element: { kind: 'text' } }),
            column('dimensions', { kind: 'json' }),
            column('attributes', { kind: 'json' }),
            column('extra', { kind: 'json' }),
            column('pair', { kind: 'json' }),
            column('slug', { kind: 'custom', raw: 'citext' }),
            column('created_at', { kind: 'timestamp' }, { default: { kind: 'sql', expression: 'now()' } }),
            column('updated_at', { kind: 'timestamp' }, { nullable: true }),
          ],
          indexes: [{ name: 'products_sku_key', columns: ['sku'], unique: true }],
        }),
        table('people', {
          columns: [
            column('id', { kind: 'uuid' }),
            column('tenant', varchar()),
            column('email', varchar()),
            column('given_name', varchar()),
            column('last_name', varchar()),
            column('external_ref', { kind: 'uuid' }, { nullable: true }),
            column('display_name', varchar(40)),
            column('role', { kind: 'enum', name: 'role' }),
            column('priority', { kind: 'int' }),
            column('nickname', varchar(), { nullable: true, renamedFrom: 'full_name' }),
            column('visits', { kind: 'int' }, { default: { kind: 'literal', value: 0 } }),
            column('referrer', varchar(), { nullable: true, default: { kind: 'literal', value: null } }),
            column('verified', { kind: 'boolean' }),
          ],
          indexes: [
            { name: 'people_last_name_given_name_idx', columns: ['last_name', 'given_name'], unique: false },
            { name: 'people_tenant_email_key', columns: ['tenant', 'email'], unique: true },
          ],
        }),
        table('orders', {
          columns: [
            column('id', { kind: 'uuid' }),
            column('status', { kind: 'enum', name: 'order_status' }),
            column('customer_id', { kind: 'uuid' }),
            column('product_id', { kind: 'int' }, { nullable: true }),
            column('placed_at', { kind: 'timestamp' }),
            column('channel', { kind: 'enum', name: 'orders_channel' }, { nullable: true }),
            column('previous_status', { kind: 'enum', name: 'order_status' }, { nullable: true }),
          ],
          indexes: [{ name: 'orders_placed_at_idx', columns: ['placed_at'], unique: false }],
          foreignKeys: [
            {
              name: 'orders_customer_id_fkey',
              columns: ['customer_id'],
              referencedTable: 'people',
              referencedColumns: ['id'],
              onDelete: 'cascade',
            },
            {
              name: 'orders_product_id_fkey',
              columns: ['product_id'],
              referencedTable: 'products',
              referencedColumns: ['id'],
              onDelete: 'set null',
            },
          ],
        }),
        table('order_lines', {
          columns: [
            column('order_id', { kind: 'uuid' }),
            column('product_id', { kind: 'int' }),
            column('quantity', { kind: 'int' }, { default: { kind: 'literal', value: 1 } }),
          ],
          primaryKey: ['order_id', 'product_id'],
          foreignKeys: [
            {
              name: 'order_lines_order_id_fkey',
              columns: ['order_id'],
              referencedTable: 'orders',
              referencedColumns: ['id'],
              onDelete: 'restrict',
            },
            {
              name: 'order_lines_product_id_fkey',
              columns: ['product_id'],
              referencedTable: 'products',
              referencedColumns: ['id'],
            },
          ],
        }),
        table('memberships', {
          columns: [
            column('team_id', { kind: 'int' }),
            column('user_id', { kind: 'int' }),
            column('joined_at', { kind: 'timestamp' }, { default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } }),
            column('title', varchar(), { default: { kind: 'literal', value: 'owner' } }),
            column('weight', { kind: 'float' }, { default: { kind: 'literal', value: 1.5 } }),
            column('token', { kind: 'uuid' }, { default: { kind: 'sql', expression: 'gen_random_uuid()' } }),
            column('inviter_email', varchar(), { nullable: true }),
          ],
          primaryKey: ['team_id', 'user_id'],
          foreignKeys: [
            {
              name: 'memberships_inviter_email_fkey',
              columns: ['inviter_email'],
              referencedTable: 'people',
              referencedColumns: ['email'],
              onDelete: 'no action',
            },
          ],
        }),
        table('audit_entries', {
          columns: [column('message', varchar()), column('at', { kind: 'timestamp' })],
          primaryKey: [],
        }),
      ],
      enums: [
        { name: 'role', values: ['admin', 'member'] },
        { name: 'order_status', values: ['pending', 'paid', 'shipped'] },
        { name: 'orders_channel', values: ['web', 'store'] },
      ],
    };
    expect(readFixtures(['kitchen-sink/catalog.ts'])).toStrictEqual(expected);
  });

  it('puts tables in schemas with @schema or @table schema.name, and their indexes, keys and enums with them', () => {
    const schema = readFixtures(['schemas.ts']);
    expect(schema.tables.map((t) => t.name)).toEqual(['crm.contacts', 'crm.contact_notes', 'settings']);
    const [contacts, notes] = schema.tables;
    expect(notes!.indexes).toEqual([{ name: 'contact_notes_body_key', columns: ['body'], unique: true }]);
    expect(notes!.foreignKeys).toEqual([
      { name: 'contact_notes_contact_id_fkey', columns: ['contact_id'], referencedTable: 'crm.contacts', referencedColumns: ['id'] },
    ]);
    // An inline union is named after its table, schema included; a named one used in two schemas stays in the default one.
    expect(contacts!.columns.map((c) => c.type)).toEqual([
      { kind: 'int' },
      { kind: 'enum', name: 'channel' },
      { kind: 'enum', name: 'crm.contacts_status' },
    ]);
    expect(schema.enums.map((e) => e.name)).toEqual(['channel', 'crm.contacts_status']);
  });

  it('refuses a schema that @schema and @table disagree on, or that is no name', () => {
    const error = readError(['schema-errors.ts']);
    expect(error.message).toContain("Conflicting: @schema crm and the table name 'audit.entries' name different schemas; keep one.");
    expect(error.message).toContain("BadSchema: @schema needs a schema name, e.g. `@schema sales`; got ''.");
  });

  it('keeps names as written with naming "preserve"', () => {
    const model = readFixtures(['kitchen-sink/catalog.ts'], 'preserve');
    expect(model.tables.map((t) => t.name)).toEqual(['Product', 'people', 'Order', 'OrderLine', 'Membership', 'AuditEntry']);
    const order = model.tables[2]!;
    expect(order.columns.map((c) => c.name)).toEqual(['id', 'status', 'customerId', 'productId', 'placedAt', 'channel', 'previousStatus']);
    expect(order.foreignKeys[0]).toStrictEqual({
      name: 'Order_customerId_fkey',
      columns: ['customerId'],
      referencedTable: 'people',
      referencedColumns: ['id'],
      onDelete: 'cascade',
    });
    expect(model.tables[0]!.renamedFrom).toBe('Item');
    expect(model.tables[1]!.columns.find((c) => c.name === 'nickname')!.renamedFrom).toBe('fullName');
    expect(model.tables[1]!.indexes.map((i) => i.name)).toEqual(['people_lastName_given_name_idx', 'people_tenant_email_key']);
    expect(model.enums.map((e) => e.name)).toEqual(['Role', 'OrderStatus', 'Order_channel']);
  });

  it('returns a deeply frozen model, tables in file order then source order', () => {
    const model = readFixtures(['seed/user.ts', 'kitchen-sink/catalog.ts']);
    expect(model.tables.map((t) => t.name)).toEqual([
      'users',
      'products',
      'people',
      'orders',
      'order_lines',
      'memberships',
      'audit_entries',
    ]);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.tables)).toBe(true);
    expect(Object.isFrozen(model.tables[1]!.columns[0]!.type)).toBe(true);
    expect(Object.isFrozen(model.enums[0]!.values)).toBe(true);
  });

  it('reads a file given twice once, and an empty list as an empty schema', () => {
    expect(readFixtures(['seed/user.ts', 'seed/user.ts']).tables).toHaveLength(1);
    expect(readEntities([], { naming: 'snake_case' })).toStrictEqual({ tables: [], enums: [] });
  });

  it('gives the same model on every call', () => {
    const files = ['kitchen-sink/catalog.ts', 'seed/user.ts'];
    expect(readFixtures(files)).toStrictEqual(readFixtures(files));
  });

  it('accepts absolute paths whatever the working directory', () => {
    const model = readEntities([fixture('seed/user.ts')], { naming: 'snake_case' });
    expect(model.tables[0]!.name).toBe('users');
  });
});
