import { readFixtures } from './read-fixtures';

/** `table -> column -> describe(type)` with a `?` for nullable columns, for compact assertions. */
function columnsOf(files: readonly string[]): Record<string, string[]> {
  const model = readFixtures(files);
  return Object.fromEntries(
    model.tables.map((table) => [
      table.name,
      table.columns.map((c) => {
        const type =
          c.type.kind === 'varchar' ? `varchar(${c.type.length})` : c.type.kind === 'enum' ? `enum(${c.type.name})` : c.type.kind;
        return `${c.name}: ${type}${c.nullable ? '?' : ''}`;
      }),
    ]),
  );
}

describe('readEntities resolves types through the type checker', () => {
  it('follows aliases, imports from files outside the list, extends, intersections and generics', () => {
    expect(columnsOf(['resolution/entities.ts'])).toStrictEqual({
      // `interface Account extends Timestamps`; `id: AccountId` where `type AccountId = UUID` in another file;
      // `type Handle = string`; a plain `type Email = string` is a string
      accounts: [
        'id: uuid',
        'handle: varchar(255)',
        'email: varchar(255)',
        'currency: enum(currency)',
        'created_at: timestamp',
        'updated_at: timestamp?',
      ],
      // `interface Post extends Audited<Owner>, Timestamps`: the brand passes through the generic parameter
      posts: [
        'id: int',
        'title: varchar(255)',
        'created_by: uuid',
        'reviewed_by: uuid?',
        'created_at: timestamp',
        'updated_at: timestamp?',
      ],
      // `type Comment = WithId<{ body: string; postId: number }>` with `type WithId<T> = { id: number } & T`
      comments: ['id: int', 'body: varchar(255)', 'post_id: int'],
      // `type Reaction = Timestamps & { … }`
      reactions: ['created_at: timestamp', 'updated_at: timestamp?', 'emoji: varchar(255)', 'amount: enum(currency)?'],
      // `interface Draft` exported with `export { Draft }`
      drafts: ['text: varchar(255)'],
    });
  });

  it('keeps the JSDoc tags of inherited properties', () => {
    const [account] = readFixtures(['resolution/entities.ts']).tables;
    expect(account!.columns.find((c) => c.name === 'created_at')!.default).toStrictEqual({ kind: 'sql', expression: 'now()' });
  });

  it('makes no table of non-object aliases, generic declarations, enums, classes or map types', () => {
    const names = readFixtures(['resolution/entities.ts']).tables.map((t) => t.name);
    expect(names).toEqual(['accounts', 'posts', 'comments', 'reactions', 'drafts']);
  });

  it('makes no second table of a type re-exported by another entity file', () => {
    const names = readFixtures(['resolution/entities.ts', 'resolution/barrel.ts']).tables.map((t) => t.name);
    expect(names).toEqual(['accounts', 'posts', 'comments', 'reactions', 'drafts']);
  });

  it('has no primary key without an `id` property or a @primaryKey tag', () => {
    const reactions = readFixtures(['resolution/entities.ts']).tables.find((t) => t.name === 'reactions')!;
    expect(reactions.primaryKey).toEqual([]);
  });
});
