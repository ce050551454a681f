import { completeFromSnapshot } from '../../src/api/snapshot-completion';
import { codegenTypeFits } from '../../src/codegen';
import { EntityError } from '../../src/errors';
import { type ColumnModel, EMPTY_SCHEMA, type LogicalType, type SchemaModel, type TableModel } from '../../src/model';

const STRING: LogicalType = { kind: 'varchar', length: 255 };
const AT = 'src/db/types.ts:7';
const guessed = (type = true, byDefault = false) => ({ type, default: byDefault, at: AT });
const col = (name: string, type: LogicalType, extra: Partial<ColumnModel> = {}): ColumnModel => ({ name, type, nullable: false, ...extra });
const table = (name: string, parts: Partial<TableModel>): TableModel => ({
  name,
  columns: [],
  primaryKey: [],
  indexes: [],
  foreignKeys: [],
  ...parts,
});
const fromInterface = { primaryKey: true, indexes: true, foreignKeys: true, at: 'src/db/types.ts:40' };

/** The snapshot: what entity types (with tags) created. */
const SNAPSHOT: SchemaModel = {
  tables: [
    table('users', {
      columns: [
        col('id', { kind: 'uuid' }, { default: { kind: 'sql', expression: 'gen_random_uuid()' } }),
        col('handle', { kind: 'varchar', length: 40 }),
        col('bio', { kind: 'text' }, { nullable: true }),
        col('rating', { kind: 'float' }),
        col('joined_at', { kind: 'timestamp' }, { default: { kind: 'sql', expression: 'now()' } }),
        col('role', { kind: 'enum', name: 'role' }),
        col('visits', { kind: 'int' }, { default: { kind: 'literal', value: 0 } }),
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'users_handle_key', columns: ['handle'], unique: true }],
    }),
    table('posts', {
      columns: [col('id', { kind: 'int' }, { generated: true }), col('author_id', { kind: 'uuid' }), col('slug', STRING)],
      primaryKey: ['id'],
      foreignKeys: [{ name: 'posts_author_id_fkey', columns: ['author_id'], referencedTable: 'users', referencedColumns: ['id'] }],
    }),
  ],
  enums: [{ name: 'role', values: ['reader', 'editor', 'admin'] }],
};

/** The same schema as kysely-codegen writes it for PostgreSQL, read back: every type a guess, keys and indexes unsaid. */
const FROM_CODEGEN: SchemaModel = {
  tables: [
    table('users', {
      columns: [
        col('id', STRING, { unspecified: guessed(true, true) }),
        col('handle', STRING, { unspecified: guessed() }),
        col('bio', STRING, { nullable: true, unspecified: guessed() }),
        col('rating', { kind: 'int' }, { unspecified: guessed() }),
        col(
          'joined_at',
          { kind: 'timestamp' },
          { default: { kind: 'sql', expression: 'CURRENT_TIMESTAMP' }, unspecified: guessed(true, true) },
        ),
        col('role', { kind: 'enum', name: 'role' }, { unspecified: guessed() }),
        col('visits', { kind: 'int' }, { unspecified: guessed(true, true) }),
      ],
      unspecified: fromInterface,
    }),
    table('posts', {
      columns: [
        col('id', { kind: 'int' }, { generated: true, unspecified: guessed(true, true) }),
        col('author_id', STRING, { unspecified: guessed() }),
        col('slug', STRING, { unspecified: guessed() }),
      ],
      primaryKey: ['id'],
      unspecified: fromInterface,
    }),
  ],
  enums: [{ name: 'role', values: ['admin', 'editor', 'reader'] }],
};

const postgres = codegenTypeFits('postgres');

describe('completeFromSnapshot', () => {
  it("fills what kysely-codegen's output cannot say from the snapshot, so that it equals the snapshot", () => {
    expect(completeFromSnapshot(SNAPSHOT, FROM_CODEGEN, postgres)).toEqual(SNAPSHOT);
  });

  it('leaves a model of entity types alone', () => {
    const entities: SchemaModel = { tables: [table('users', { columns: [col('id', STRING)], primaryKey: ['id'] })], enums: [] };
    expect(completeFromSnapshot(SNAPSHOT, entities, postgres)).toBe(entities);
  });

  it('keeps what the interface says: a tag-chosen type, a type the snapshot cannot have been written as, no default, its own keys', () => {
    const next: SchemaModel = {
      tables: [
        table('users', {
          columns: [
            col('id', STRING, { unspecified: guessed(true, true) }),
            col('handle', { kind: 'varchar', length: 60 }, { unspecified: guessed(false) }), // @maxLength 60
            col('rating', { kind: 'int' }, { unspecified: guessed() }),
            col('joined_at', STRING, { unspecified: guessed() }), // `string` is no timestamp on PostgreSQL
            col('visits', { kind: 'int' }, { unspecified: guessed() }), // not Generated: no default
          ],
          primaryKey: ['handle'],
          indexes: [],
          unspecified: { ...fromInterface, primaryKey: false, indexes: false },
        }),
      ],
      enums: [],
    };
    expect(completeFromSnapshot(SNAPSHOT, next, postgres)).toEqual({
      tables: [
        table('users', {
          columns: [
            col('id', { kind: 'uuid' }, { default: { kind: 'sql', expression: 'gen_random_uuid()' } }),
            col('handle', { kind: 'varchar', length: 60 }),
            col('rating', { kind: 'float' }),
            col('joined_at', STRING),
            col('visits', { kind: 'int' }),
          ],
          primaryKey: ['handle'],
        }),
      ],
      enums: [],
    });
  });

  it('follows @renamedFrom, and drops the indexes and foreign keys whose columns are gone', () => {
    const next: SchemaModel = {
      tables: [
        table('people', {
          renamedFrom: 'users',
          columns: [
            col('id', STRING, { unspecified: guessed(true, true) }),
            col('nick', STRING, { renamedFrom: 'handle', unspecified: guessed() }),
          ],
          unspecified: fromInterface,
        }),
        table('posts', { columns: [col('id', { kind: 'int' }, { unspecified: guessed(true, true) })], unspecified: fromInterface }),
      ],
      enums: [],
    };
    const [people, posts] = completeFromSnapshot(SNAPSHOT, next, postgres).tables;
    expect(people).toMatchObject({
      primaryKey: ['id'],
      indexes: [{ name: 'users_handle_key', columns: ['nick'], unique: true }],
    });
    expect(people!.columns[1]).toEqual(col('nick', { kind: 'varchar', length: 40 }, { renamedFrom: 'handle' }));
    expect(posts).toMatchObject({ primaryKey: ['id'], foreignKeys: [] });
  });

  it("on MySQL, takes an inline enum with the snapshot's values (in any order) for the snapshot's enum", () => {
    const next: SchemaModel = {
      tables: [
        table('users', {
          columns: [col('role', { kind: 'enum', name: 'users_role' }, { unspecified: guessed() })],
          unspecified: fromInterface,
        }),
      ],
      enums: [{ name: 'users_role', values: ['admin', 'editor', 'reader'] }],
    };
    const completed = completeFromSnapshot(SNAPSHOT, next, codegenTypeFits('mysql'));
    expect(completed.tables[0]!.columns).toEqual([col('role', { kind: 'enum', name: 'role' })]);
    expect(completed.enums).toEqual([{ name: 'role', values: ['reader', 'editor', 'admin'] }]);
  });

  it('refuses a Generated<T> column, NOT NULL or nullable, whose default neither the file nor the snapshot says, with file:line', () => {
    const next: SchemaModel = {
      tables: [
        table('tokens', {
          columns: [
            col('value', STRING, { unspecified: { type: true, default: true, at: 'src/db/types.ts:12' } }),
            col('note', STRING, { nullable: true, unspecified: { type: true, default: true, at: 'src/db/types.ts:13' } }),
            col('memo', STRING, { nullable: true, unspecified: { type: true, default: false, at: 'src/db/types.ts:14' } }),
          ],
          unspecified: fromInterface,
        }),
      ],
      enums: [],
    };
    const attempt = () => completeFromSnapshot(EMPTY_SCHEMA, next, postgres);
    expect(attempt).toThrow(EntityError);
    expect(attempt).toThrow(
      '2 columns are Generated<…> (the database fills them in), but neither the DB interface nor the last snapshot says with what: ' +
        'src/db/types.ts:12 tokens.value; src/db/types.ts:13 tokens.note. Write the default on the property, e.g. /** @default 0 */ or /** @default gen_random_uuid() */ (any value or SQL expression).',
    );
  });

  it("keeps no default for a nullable Generated<T | null> column the snapshot has without one (MariaDB's DEFAULT NULL)", () => {
    const next: SchemaModel = {
      tables: [
        table('users', {
          columns: [col('bio', STRING, { nullable: true, unspecified: guessed(true, true) })],
          unspecified: fromInterface,
        }),
      ],
      enums: [],
    };
    const completed = completeFromSnapshot(SNAPSHOT, next, codegenTypeFits('mysql'));
    expect(completed.tables[0]!.columns).toEqual([col('bio', { kind: 'text' }, { nullable: true })]);
  });
});
