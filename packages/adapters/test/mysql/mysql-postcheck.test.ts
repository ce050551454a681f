import { type CompiledQuery, Kysely, sql } from 'kysely';
import { mysqlAdapter, mysqlPostcheck } from '@gati-framework/migrations-adapters/mysql';
import { createMysqlDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

/**
 * mysqlPostcheck on a real server: each statement shape a generated migration sends is "not in effect" before it
 * runs and "in effect" after, so that `up` resuming a killed step leaves out exactly what took effect.
 */
describe('mysql postcheck (real server)', () => {
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

  const check = (query: CompiledQuery) => mysqlPostcheck(db, query);

  it('says false before and true after each statement of a migration, in order', async () => {
    if (!up) return;
    const statements: CompiledQuery[] = [
      db.schema
        .createTable('customers')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .compile(),
      db.schema
        .createTable('orders')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('customer_id', 'integer')
        .compile(),
      db.schema.alterTable('orders').addColumn('note', 'varchar(255)').compile(),
      db.schema.alterTable('orders').addColumn('paid', 'boolean').compile(),
      db.schema.alterTable('orders').addColumn('meta', 'json').compile(),
      db.schema
        .alterTable('orders')
        .addColumn('total', 'decimal(10, 2)', (c) => c.notNull().defaultTo(0))
        .compile(),
      db.schema.alterTable('orders').renameColumn('note', 'remark').compile(),
      db.schema.createIndex('orders_remark_idx').on('orders').column('remark').compile(),
      db.schema.createIndex('orders_total_key').on('orders').column('total').unique().compile(),
      db.schema.alterTable('orders').addUniqueConstraint('orders_paid_key', ['paid', 'id']).compile(),
      db.schema.alterTable('orders').addForeignKeyConstraint('orders_customer_fk', ['customer_id'], 'customers', ['id']).compile(),
      db.schema.alterTable('orders').dropConstraint('orders_customer_fk').compile(),
      db.schema.alterTable('orders').dropConstraint('orders_paid_key').compile(),
      db.schema.dropIndex('orders_remark_idx').on('orders').compile(),
      db.schema.alterTable('orders').dropColumn('remark').compile(),
      db.schema.alterTable('orders').renameTo('purchases').compile(),
      db.schema.dropTable('purchases').compile(),
    ];
    for (const statement of statements) {
      expect({ sql: statement.sql, before: await check(statement) }).toEqual({ sql: statement.sql, before: false });
      await db.executeQuery(statement);
      expect({ sql: statement.sql, after: await check(statement) }).toEqual({ sql: statement.sql, after: true });
    }
  });

  it('does not count a column of another type as added, and leaves statements it cannot check to run', async () => {
    if (!up) return;
    await sql`CREATE TABLE items (id integer primary key, label integer)`.execute(db);
    expect(await check(db.schema.alterTable('items').addColumn('label', 'varchar(255)').compile())).toBe(false);
    expect(await check(db.schema.alterTable('items').addColumn('label', 'integer').compile())).toBe(true);
    expect(await check(db.updateTable('items').set({ label: 1 }).compile())).toBeUndefined();
    expect(await check(sql`ALTER TABLE ${sql.table('items')} MODIFY COLUMN ${sql.ref('label')} bigint`.compile(db))).toBeUndefined();
    expect(
      await check(sql`ALTER TABLE ${sql.table('items')} ADD COLUMN ${sql.ref('x')} integer, DROP PRIMARY KEY`.compile(db)),
    ).toBeUndefined();
  });
});
