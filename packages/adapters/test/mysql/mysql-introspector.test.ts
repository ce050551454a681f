import { Kysely, sql } from 'kysely';
import { GatiError, type SchemaModel } from '@gati-framework/migrations';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { createMysqlDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

describe('mysql introspector (real server)', () => {
  let up = false;
  let database: ServerDatabase;
  let db: Kysely<any>;

  beforeAll(async () => {
    up = await serverAvailable('mysql');
  });

  beforeEach(async () => {
    if (!up) return;
    database = await createMysqlDatabase();
    db = new Kysely<any>({ dialect: mysqlAdapter.createDialect({ url: database.url }) });
  });

  afterEach(async () => {
    if (!up) return;
    await db.destroy();
    await database.drop();
  });

  async function createFixtureSchema(): Promise<void> {
    await sql`
      CREATE TABLE users (
        id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        email VARCHAR(255) NOT NULL,
        display_name TEXT,
        visits BIGINT NOT NULL DEFAULT 0,
        balance DECIMAL(12, 2) NOT NULL DEFAULT 1.50,
        score DOUBLE PRECISION DEFAULT -1.5,
        is_active BOOLEAN NOT NULL DEFAULT TRUE,
        is_admin BOOLEAN NOT NULL DEFAULT FALSE,
        currency VARCHAR(3) NOT NULL DEFAULT 'USD',
        motto VARCHAR(50) DEFAULT 'it''s a \\\\ test',
        nickname VARCHAR(20) DEFAULT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        last_seen DATETIME,
        settings JSON,
        external_id CHAR(36) NOT NULL,
        role ENUM('admin', 'member', 'it''s') NOT NULL DEFAULT 'member',
        bio LONGTEXT,
        avatar LONGBLOB,
        UNIQUE KEY users_email_key (email)
      )
    `.execute(db);
    await sql`
      CREATE TABLE categories (
        slug VARCHAR(50) NOT NULL,
        locale CHAR(2) NOT NULL DEFAULT 'en',
        name TEXT NOT NULL,
        PRIMARY KEY (slug, locale)
      )
    `.execute(db);
    await sql`
      CREATE TABLE posts (
        id BIGINT NOT NULL AUTO_INCREMENT,
        author_id INT NOT NULL,
        editor_id INT NULL,
        category_slug VARCHAR(50),
        category_locale CHAR(2),
        title VARCHAR(200) NOT NULL,
        status ENUM('draft', 'published') NOT NULL DEFAULT 'draft',
        published_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY posts_published_at_idx (published_at),
        KEY posts_author_status_idx (author_id, status),
        UNIQUE KEY posts_author_title_key (author_id, title),
        CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT posts_editor_id_fkey FOREIGN KEY (editor_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT posts_category_fkey FOREIGN KEY (category_slug, category_locale)
          REFERENCES categories (slug, locale) ON DELETE NO ACTION
      )
    `.execute(db);
    // Tables the tool owns, and a view: none of them is part of the model.
    await sql`CREATE TABLE gati_migrations (name VARCHAR(255) NOT NULL PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE gati_migrations_lock (id VARCHAR(255) NOT NULL PRIMARY KEY, is_locked INT)`.execute(db);
    await sql`CREATE VIEW active_users AS SELECT id, email FROM users WHERE is_active`.execute(db);
  }

  it('reads every type, default, key, index and foreign key back exactly', async () => {
    if (!up) return;
    await createFixtureSchema();

    const model = await mysqlAdapter.introspect(db, { excludeTables: ['gati_migrations', 'GATI_MIGRATIONS_LOCK'] });

    const expected: SchemaModel = {
      tables: [
        {
          name: 'categories',
          columns: [
            { name: 'slug', type: { kind: 'varchar', length: 50 }, nullable: false },
            {
              name: 'locale',
              type: { kind: 'custom', raw: 'char(2)' },
              nullable: false,
              default: { kind: 'literal', value: 'en' },
            },
            { name: 'name', type: { kind: 'text' }, nullable: false },
          ],
          primaryKey: ['slug', 'locale'],
          indexes: [],
          foreignKeys: [],
        },
        {
          name: 'posts',
          columns: [
            { name: 'id', type: { kind: 'bigint' }, nullable: false, generated: true },
            { name: 'author_id', type: { kind: 'int' }, nullable: false },
            { name: 'editor_id', type: { kind: 'int' }, nullable: true },
            { name: 'category_slug', type: { kind: 'varchar', length: 50 }, nullable: true },
            { name: 'category_locale', type: { kind: 'custom', raw: 'char(2)' }, nullable: true },
            { name: 'title', type: { kind: 'varchar', length: 200 }, nullable: false },
            {
              name: 'status',
              type: { kind: 'enum', name: 'posts_status' },
              nullable: false,
              default: { kind: 'literal', value: 'draft' },
            },
            { name: 'published_at', type: { kind: 'timestamp' }, nullable: true },
          ],
          primaryKey: ['id'],
          indexes: [
            // posts_editor_id_fkey and posts_category_fkey, the indexes MySQL made for the foreign keys, are left out.
            { name: 'posts_author_status_idx', columns: ['author_id', 'status'], unique: false },
            { name: 'posts_author_title_key', columns: ['author_id', 'title'], unique: true },
            { name: 'posts_published_at_idx', columns: ['published_at'], unique: false },
          ],
          foreignKeys: [
            {
              name: 'posts_author_id_fkey',
              columns: ['author_id'],
              referencedTable: 'users',
              referencedColumns: ['id'],
              onDelete: 'cascade',
            },
            {
              name: 'posts_category_fkey',
              columns: ['category_slug', 'category_locale'],
              referencedTable: 'categories',
              referencedColumns: ['slug', 'locale'],
            },
            {
              name: 'posts_editor_id_fkey',
              columns: ['editor_id'],
              referencedTable: 'users',
              referencedColumns: ['id'],
              onDelete: 'set null',
            },
          ],
        },
        {
          name: 'users',
          columns: [
            { name: 'id', type: { kind: 'int' }, nullable: false, generated: true },
            { name: 'email', type: { kind: 'varchar', length: 255 }, nullable: false },
            { name: 'display_name', type: { kind: 'text' }, nullable: true },
            { name: 'visits', type: { kind: 'bigint' }, nullable: false, default: { kind: 'literal', value: 0 } },
            {
              name: 'balance',
              type: { kind: 'decimal', precision: 12, scale: 2 },
              nullable: false,
              default: { kind: 'literal', value: 1.5 },
            },
            { name: 'score', type: { kind: 'float' }, nullable: true, default: { kind: 'literal', value: -1.5 } },
            { name: 'is_active', type: { kind: 'boolean' }, nullable: false, default: { kind: 'literal', value: true } },
            { name: 'is_admin', type: { kind: 'boolean' }, nullable: false, default: { kind: 'literal', value: false } },
            {
              name: 'currency',
              type: { kind: 'varchar', length: 3 },
              nullable: false,
              default: { kind: 'literal', value: 'USD' },
            },
            {
              name: 'motto',
              type: { kind: 'varchar', length: 50 },
              nullable: true,
              default: { kind: 'literal', value: "it's a \\ test" },
            },
            { name: 'nickname', type: { kind: 'varchar', length: 20 }, nullable: true },
            {
              name: 'created_at',
              type: { kind: 'timestamp' },
              nullable: false,
              default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP(3)' },
            },
            { name: 'last_seen', type: { kind: 'timestamp' }, nullable: true },
            { name: 'settings', type: { kind: 'json' }, nullable: true },
            { name: 'external_id', type: { kind: 'uuid' }, nullable: false },
            {
              name: 'role',
              type: { kind: 'enum', name: 'users_role' },
              nullable: false,
              default: { kind: 'literal', value: 'member' },
            },
            { name: 'bio', type: { kind: 'text' }, nullable: true },
            { name: 'avatar', type: { kind: 'binary' }, nullable: true },
          ],
          primaryKey: ['id'],
          indexes: [{ name: 'users_email_key', columns: ['email'], unique: true }],
          foreignKeys: [],
        },
      ],
      enums: [
        { name: 'posts_status', values: ['draft', 'published'] },
        { name: 'users_role', values: ['admin', 'member', "it's"] },
      ],
    };
    expect(model).toEqual(expected);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.tables[0]!.columns[0])).toBe(true);
  });

  it('reads an empty database as an empty model', async () => {
    if (!up) return;
    expect(await mysqlAdapter.introspect(db, { excludeTables: [] })).toEqual({ tables: [], enums: [] });
  });

  it('reads inside a transaction too', async () => {
    if (!up) return;
    await sql`CREATE TABLE t (id INT PRIMARY KEY)`.execute(db);
    const model = await db.transaction().execute((trx) => mysqlAdapter.introspect(trx, { excludeTables: [] }));
    expect(model.tables.map((t) => t.name)).toEqual(['t']);
  });

  it('reads a foreign key declared without ON DELETE as MariaDB reports it', async () => {
    if (!up) return;
    await sql`CREATE TABLE a (id INT PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE b (id INT PRIMARY KEY, a_id INT, CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES a (id))`.execute(db);
    const [, b] = (await mysqlAdapter.introspect(db, { excludeTables: [] })).tables;
    const version = (await sql<{ v: string }>`SELECT VERSION() AS v`.execute(db)).rows[0]!.v;
    // MariaDB stores the default as RESTRICT (InnoDB treats RESTRICT and NO ACTION alike); MySQL as NO ACTION.
    const onDelete = /mariadb/i.test(version) ? { onDelete: 'restrict' } : {};
    expect(b!.foreignKeys).toEqual([
      { name: 'b_a_id_fkey', columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'], ...onDelete },
    ]);
  });

  it('fails clearly without a current database', async () => {
    if (!up) return;
    await db.connection().execute(async (conn) => {
      // A connection whose database was dropped has none.
      await sql.raw(`DROP DATABASE \`${database.name}\``).execute(conn);
      await expect(mysqlAdapter.introspect(conn, { excludeTables: [] })).rejects.toThrow(GatiError);
      await expect(mysqlAdapter.introspect(conn, { excludeTables: [] })).rejects.toMatchObject({ code: 'NO_DATABASE' });
    });
  });
});
