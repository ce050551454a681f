import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { type DialectView, dialectDefaultText, dialectNormalizedSchema, dialectTypeEquals, diffAsStored } from '../../src/diff';
import type { ColumnModel, EnumModel, LogicalType, SchemaModel, TableModel } from '../../src/model';

const enums = (list: Record<string, string[]>): EnumModel[] => Object.entries(list).map(([name, values]) => ({ name, values }));
const column = (name: string, type: LogicalType, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: false,
  ...extra,
});
const table = (name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}): TableModel => ({
  name,
  columns,
  primaryKey: ['id'],
  indexes: [],
  foreignKeys: [],
  ...extra,
});

/** A dialect with named enum types (PostgreSQL-like), built from the SQLite one for the test. */
const namedEnums: DialectView = {
  capabilities: { ...sqliteAdapter.capabilities, enums: 'named-type' },
  types: {
    ...sqliteAdapter.types,
    columnType: (type, list) => (type.kind === 'enum' ? type.name : sqliteAdapter.types.columnType(type, list)),
  },
};

describe('dialectTypeEquals', () => {
  const live = enums({ posts_status: ['draft', 'live'], posts_mood: ['live', 'draft'] });
  const model = enums({ post_status: ['draft', 'live'] });
  const equals = dialectTypeEquals(sqliteAdapter, { prev: live, next: model });

  it('compares types as the dialect spells them', () => {
    expect(equals({ kind: 'varchar', length: 255 }, { kind: 'text' })).toBe(true);
    expect(equals({ kind: 'boolean' }, { kind: 'int' })).toBe(true);
    expect(equals({ kind: 'decimal', precision: 10, scale: 2 }, { kind: 'decimal', precision: 12, scale: 2 })).toBe(false);
    expect(equals({ kind: 'int' }, { kind: 'text' })).toBe(false);
  });

  it('compares per-column enums by their values, in order, whatever their names', () => {
    expect(equals({ kind: 'enum', name: 'posts_status' }, { kind: 'enum', name: 'post_status' })).toBe(true);
    expect(equals({ kind: 'enum', name: 'posts_mood' }, { kind: 'enum', name: 'post_status' })).toBe(false);
    expect(equals({ kind: 'text' }, { kind: 'enum', name: 'post_status' })).toBe(false);
    expect(equals({ kind: 'enum', name: 'posts_status' }, { kind: 'varchar', length: 255 })).toBe(false);
  });

  it('compares named enum types by name', () => {
    const named = dialectTypeEquals(namedEnums, { prev: live, next: model });
    expect(named({ kind: 'enum', name: 'posts_status' }, { kind: 'enum', name: 'post_status' })).toBe(false);
    expect(named({ kind: 'enum', name: 'post_status' }, { kind: 'enum', name: 'post_status' })).toBe(true);
  });
});

describe('dialectDefaultText', () => {
  const text = (type: LogicalType, value: ColumnModel['default']) =>
    dialectDefaultText(sqliteAdapter, column('c', type, { default: value }));

  it('writes literals as the dialect does and strips enclosing parentheses from expressions', () => {
    expect(text({ kind: 'boolean' }, { kind: 'literal', value: false })).toBe(text({ kind: 'int' }, { kind: 'literal', value: 0 }));
    expect(text({ kind: 'text' }, { kind: 'literal', value: "it's" })).toBe("'it''s'");
    expect(text({ kind: 'timestamp' }, { kind: 'sql', expression: " ((datetime('now'))) " })).toBe("datetime('now')");
    expect(text({ kind: 'int' }, { kind: 'sql', expression: '(1) + (2)' })).toBe('(1) + (2)');
    expect(text({ kind: 'text' }, { kind: 'sql', expression: "(')(')" })).toBe("')('");
    expect(dialectDefaultText(sqliteAdapter, column('c', { kind: 'int' }))).toBeUndefined();
  });

  it('keeps the enum list only where enums are named types', () => {
    const schema: SchemaModel = { tables: [], enums: enums({ mood: ['a'] }) };
    expect(dialectNormalizedSchema(schema, sqliteAdapter).enums).toEqual([]);
    expect(dialectNormalizedSchema(schema, namedEnums).enums).toEqual(schema.enums);
  });
});

describe('diffAsStored', () => {
  const model: SchemaModel = {
    tables: [
      table(
        'posts',
        [
          column('id', { kind: 'int' }),
          column('title', { kind: 'varchar', length: 200 }),
          column('status', { kind: 'enum', name: 'post_status' }, { default: { kind: 'literal', value: 'draft' } }),
          column('pinned', { kind: 'boolean' }, { default: { kind: 'literal', value: true } }),
        ],
        { indexes: [{ name: 'posts_title_idx', columns: ['title'], unique: false }] },
      ),
    ],
    enums: enums({ post_status: ['draft', 'live'] }),
  };
  const live: SchemaModel = {
    tables: [
      table(
        'posts',
        [
          column('id', { kind: 'int' }),
          column('title', { kind: 'text' }),
          column('status', { kind: 'enum', name: 'posts_status' }, { default: { kind: 'literal', value: 'draft' } }),
          column('pinned', { kind: 'int' }, { default: { kind: 'literal', value: 1 } }),
        ],
        { indexes: [{ name: 'posts_title_idx', columns: ['title'], unique: false }] },
      ),
    ],
    enums: enums({ posts_status: ['draft', 'live'] }),
  };

  it('finds nothing between a database and the model it stores', async () => {
    expect((await diffAsStored(live, model, sqliteAdapter)).operations).toEqual([]);
  });

  it('still finds what the database really lacks or holds differently', async () => {
    const drifted: SchemaModel = {
      tables: [
        {
          ...live.tables[0]!,
          indexes: [],
          columns: live.tables[0]!.columns.map((c) =>
            c.name === 'pinned' ? { ...c, default: { kind: 'literal' as const, value: 0 } } : c,
          ),
        },
      ],
      enums: enums({ posts_status: ['draft', 'live', 'gone'] }),
    };
    const kinds = (await diffAsStored(drifted, model, sqliteAdapter)).operations.map((op) =>
      op.kind === 'alterColumn' ? `${op.kind} ${op.to.name}` : op.kind,
    );
    expect(kinds.sort()).toEqual(['alterColumn pinned', 'alterColumn status', 'createIndex']);
  });
});
