import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kysely, sql } from 'kysely';
import type { LogicalType, SchemaModel } from '@gati-framework/migrations';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';

describe('sqlite introspector (real better-sqlite3 database)', () => {
  let dir: string;
  let db: Kysely<any>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-sqlite-introspect-'));
    db = new Kysely<any>({ dialect: sqliteAdapter.createDialect({ filename: path.join(dir, 'test.sqlite') }) });
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function createFixtureSchema(): Promise<void> {
    // Through Kysely's schema builder: every type, nullability, defaults, autoincrement, an inline UNIQUE and
    // a column-level enum CHECK.
    await db.schema
      .createTable('users')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(100)')
      .addColumn('age', 'integer', (c) => c.defaultTo(18))
      .addColumn('balance', 'numeric(12, 2)', (c) => c.notNull().defaultTo(0))
      .addColumn('price', 'decimal')
      .addColumn('score', 'real', (c) => c.defaultTo(-1.5))
      .addColumn('ratio', 'double precision')
      .addColumn('visits', 'bigint')
      .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('role', 'text', (c) =>
        c
          .notNull()
          .defaultTo('member')
          .check(sql`"role" IN ('admin', 'member', 'guest')`),
      )
      .addColumn('bio', 'text', (c) => c.defaultTo("it's"))
      .addColumn('nickname', 'text', (c) => c.defaultTo(null))
      .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
      .addColumn('updated_at', 'text', (c) => c.defaultTo(sql`(datetime('now'))`))
      .addColumn('settings', 'json')
      .addColumn('avatar', 'blob')
      .execute();

    // Raw DDL: a composite primary key, a composite self-referencing FK with ON DELETE SET NULL, and an enum
    // CHECK with a backquoted column, no spaces and a lower-case `in`.
    await sql`
      CREATE TABLE categories (
        slug TEXT NOT NULL,
        locale TEXT NOT NULL DEFAULT 'en',
        parent_slug TEXT,
        parent_locale TEXT,
        kind TEXT NOT NULL CHECK(\`kind\`in('a','b','c')),
        PRIMARY KEY (slug, locale),
        FOREIGN KEY (parent_slug, parent_locale) REFERENCES categories (slug, locale) ON DELETE SET NULL
      )
    `.execute(db);

    // An INTEGER PRIMARY KEY without AUTOINCREMENT, an FK with ON DELETE CASCADE, one written without
    // referenced columns (so it points at the parent's primary key) and without an action, a bare-column enum
    // CHECK, a table-level UNIQUE over two columns, and a comment that must not fool the parser.
    await sql`
      CREATE TABLE posts (
        id INTEGER PRIMARY KEY, -- no AUTOINCREMENT here; not even CHECK (title IN ('x'))
        author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        editor_id INTEGER REFERENCES users,
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK ( status IN ( 'draft' , 'published' ) ),
        published_at TEXT,
        UNIQUE (author_id, title)
      )
    `.execute(db);

    await db.schema.createIndex('posts_published_at_idx').on('posts').column('published_at').execute();
    await db.schema.createIndex('posts_author_status_idx').on('posts').columns(['author_id', 'status']).execute();
    await db.schema.createIndex('posts_title_uq').on('posts').column('title').unique().execute();
    // An index on an expression has no column the model could name: left out.
    await sql`CREATE INDEX posts_lower_title_idx ON posts (lower(title))`.execute(db);

    // The tool's own tables, a view and an internal table: none of them belong to the model.
    await db.schema
      .createTable('gati_migrations')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .execute();
    await db.schema.createTable('gati_migrations_lock').addColumn('id', 'integer').execute();
    await sql`CREATE VIEW active_users AS SELECT id, email FROM users WHERE is_active = 1`.execute(db);
    await sql`INSERT INTO users (email) VALUES ('a@example.com')`.execute(db); // fills sqlite_sequence
  }

  it('reads back every column, key, index, foreign key and enum exactly', async () => {
    await createFixtureSchema();

    const model = await sqliteAdapter.introspect(db, { excludeTables: ['gati_migrations', 'GATI_MIGRATIONS_LOCK'] });

    const expected: SchemaModel = {
      tables: [
        {
          name: 'categories',
          columns: [
            { name: 'slug', type: { kind: 'text' }, nullable: false },
            { name: 'locale', type: { kind: 'text' }, nullable: false, default: { kind: 'literal', value: 'en' } },
            { name: 'parent_slug', type: { kind: 'text' }, nullable: true },
            { name: 'parent_locale', type: { kind: 'text' }, nullable: true },
            { name: 'kind', type: { kind: 'enum', name: 'categories_kind' }, nullable: false },
          ],
          primaryKey: ['slug', 'locale'],
          indexes: [],
          foreignKeys: [
            {
              name: 'categories_parent_slug_parent_locale_fkey',
              columns: ['parent_slug', 'parent_locale'],
              referencedTable: 'categories',
              referencedColumns: ['slug', 'locale'],
              onDelete: 'set null',
            },
          ],
        },
        {
          name: 'posts',
          columns: [
            // INTEGER PRIMARY KEY is the rowid: it never holds NULL, though not declared NOT NULL.
            { name: 'id', type: { kind: 'int' }, nullable: false },
            { name: 'author_id', type: { kind: 'int' }, nullable: false },
            { name: 'editor_id', type: { kind: 'int' }, nullable: true },
            { name: 'title', type: { kind: 'text' }, nullable: false },
            {
              name: 'status',
              type: { kind: 'enum', name: 'posts_status' },
              nullable: false,
              default: { kind: 'literal', value: 'draft' },
            },
            { name: 'published_at', type: { kind: 'text' }, nullable: true },
          ],
          primaryKey: ['id'],
          indexes: [
            { name: 'posts_author_id_title_key', columns: ['author_id', 'title'], unique: true },
            { name: 'posts_author_status_idx', columns: ['author_id', 'status'], unique: false },
            { name: 'posts_published_at_idx', columns: ['published_at'], unique: false },
            { name: 'posts_title_uq', columns: ['title'], unique: true },
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
              name: 'posts_editor_id_fkey',
              columns: ['editor_id'],
              referencedTable: 'users',
              referencedColumns: ['id'],
            },
          ],
        },
        {
          name: 'users',
          columns: [
            { name: 'id', type: { kind: 'int' }, nullable: false, generated: true },
            { name: 'email', type: { kind: 'text' }, nullable: false },
            { name: 'display_name', type: { kind: 'varchar', length: 100 }, nullable: true },
            { name: 'age', type: { kind: 'int' }, nullable: true, default: { kind: 'literal', value: 18 } },
            {
              name: 'balance',
              type: { kind: 'decimal', precision: 12, scale: 2 },
              nullable: false,
              default: { kind: 'literal', value: 0 },
            },
            { name: 'price', type: { kind: 'decimal', precision: 10, scale: 0 }, nullable: true },
            { name: 'score', type: { kind: 'float' }, nullable: true, default: { kind: 'literal', value: -1.5 } },
            { name: 'ratio', type: { kind: 'float' }, nullable: true },
            { name: 'visits', type: { kind: 'bigint' }, nullable: true },
            {
              name: 'is_active',
              type: { kind: 'boolean' },
              nullable: false,
              default: { kind: 'literal', value: true },
            },
            {
              name: 'role',
              type: { kind: 'enum', name: 'users_role' },
              nullable: false,
              default: { kind: 'literal', value: 'member' },
            },
            { name: 'bio', type: { kind: 'text' }, nullable: true, default: { kind: 'literal', value: "it's" } },
            { name: 'nickname', type: { kind: 'text' }, nullable: true, default: { kind: 'literal', value: null } },
            {
              name: 'created_at',
              type: { kind: 'text' },
              nullable: false,
              default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' },
            },
            {
              name: 'updated_at',
              type: { kind: 'text' },
              nullable: true,
              // SQLite reports `DEFAULT (expr)` without its parentheses.
              default: { kind: 'sql', expression: "datetime('now')" },
            },
            { name: 'settings', type: { kind: 'custom', raw: 'json' }, nullable: true },
            { name: 'avatar', type: { kind: 'binary' }, nullable: true },
          ],
          primaryKey: ['id'],
          indexes: [{ name: 'users_email_key', columns: ['email'], unique: true }],
          foreignKeys: [],
        },
      ],
      enums: [
        { name: 'categories_kind', values: ['a', 'b', 'c'] },
        { name: 'posts_status', values: ['draft', 'published'] },
        { name: 'users_role', values: ['admin', 'member', 'guest'] },
      ],
    };

    expect(model).toStrictEqual(expected);
  });

  it('returns a deeply frozen model', async () => {
    await createFixtureSchema();
    const model = await sqliteAdapter.introspect(db, { excludeTables: [] });

    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.tables)).toBe(true);
    expect(Object.isFrozen(model.tables[0]!.columns[0]!.type)).toBe(true);
    expect(Object.isFrozen(model.enums[0]!.values)).toBe(true);
    // Without excludeTables the tool's tables are part of the schema; internal ones never are.
    expect(model.tables.map((t) => t.name)).toEqual(['categories', 'gati_migrations', 'gati_migrations_lock', 'posts', 'users']);
  });

  it('reads an empty database as an empty model', async () => {
    await expect(sqliteAdapter.introspect(db, { excludeTables: [] })).resolves.toStrictEqual({ tables: [], enums: [] });
  });

  it('reads back the column types its own type mapping writes', async () => {
    const types: LogicalType[] = [
      { kind: 'int' },
      { kind: 'bigint' },
      { kind: 'text' },
      { kind: 'varchar', length: 40 },
      { kind: 'decimal', precision: 12, scale: 4 },
      { kind: 'float' },
      { kind: 'boolean' },
      { kind: 'timestamp' },
      { kind: 'json' },
      { kind: 'uuid' },
      { kind: 'binary' },
      { kind: 'array', element: { kind: 'text' } },
    ];
    let builder = db.schema.createTable('all_types');
    types.forEach((type, i) => {
      // As the emitter does: the column type as a plain Kysely data type string.
      builder = builder.addColumn(`c${i}`, sqliteAdapter.types.columnType(type, []) as any, (c) => c.notNull());
    });
    await builder.execute();

    const model = await sqliteAdapter.introspect(db, { excludeTables: [] });

    // SQLite stores by affinity: what comes back is the storage type, with decimals keeping precision and scale.
    expect(model.tables[0]!.columns.map((c) => c.type)).toStrictEqual([
      { kind: 'int' },
      { kind: 'int' },
      { kind: 'text' },
      { kind: 'text' },
      { kind: 'decimal', precision: 12, scale: 4 },
      { kind: 'float' },
      { kind: 'int' },
      { kind: 'text' },
      { kind: 'text' },
      { kind: 'text' },
      { kind: 'binary' },
      { kind: 'text' },
    ]);
  });

  it('reads back literal defaults written with the type mapping', async () => {
    const literal = sqliteAdapter.types.literal;
    await db.schema
      .createTable('defaults')
      .addColumn('quoted', 'text', (c) => c.defaultTo(sql.raw(literal("O'Reilly -- not a comment", { kind: 'text' }))))
      .addColumn('flag', 'integer', (c) => c.defaultTo(sql.raw(literal(false, { kind: 'boolean' }))))
      .addColumn('amount', 'real', (c) => c.defaultTo(sql.raw(literal(2.25, { kind: 'float' }))))
      .addColumn('nothing', 'text', (c) => c.defaultTo(sql.raw(literal(null, { kind: 'text' }))))
      .execute();

    const model = await sqliteAdapter.introspect(db, { excludeTables: [] });

    expect(model.tables[0]!.columns.map((c) => c.default)).toStrictEqual([
      { kind: 'literal', value: "O'Reilly -- not a comment" },
      { kind: 'literal', value: 0 },
      { kind: 'literal', value: 2.25 },
      { kind: 'literal', value: null },
    ]);
  });
});
