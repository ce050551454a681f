import { readError, readFixtures } from './read-fixtures';

describe('readEntities @references', () => {
  it('resolves an entity of another file, whichever comes first, honouring its @table and @column', () => {
    for (const files of [
      ['references/review.ts', 'kitchen-sink/catalog.ts'],
      ['kitchen-sink/catalog.ts', 'references/review.ts'],
    ]) {
      const review = readFixtures(files).tables.find((t) => t.name === 'reviews')!;
      expect(review).toStrictEqual({
        name: 'reviews',
        columns: [
          // a primary key is NOT NULL even when written `id?: number`
          { name: 'id', type: { kind: 'int' }, nullable: false, generated: true },
          { name: 'product_id', type: { kind: 'int' }, nullable: false },
          { name: 'author_email', type: { kind: 'varchar', length: 255 }, nullable: false },
          { name: 'body', type: { kind: 'varchar', length: 2000 }, nullable: false },
        ],
        primaryKey: ['id'],
        indexes: [],
        foreignKeys: [
          {
            name: 'reviews_product_id_fkey',
            columns: ['product_id'],
            referencedTable: 'products',
            referencedColumns: ['id'],
            onDelete: 'cascade',
          },
          {
            name: 'reviews_author_email_fkey',
            columns: ['author_email'],
            referencedTable: 'people',
            referencedColumns: ['email'],
          },
        ],
      });
    }
  });

  it('finds targets only among the entity files read', () => {
    expect(readError(['references/review.ts']).message).toBe(
      [
        'The entity types have 2 problems:',
        '  references/review.ts:6 @references Product.id on Review.productId: there is no entity Product in the entity files. ' +
          'Name an exported entity type (check the spelling and the `entities` setting).',
        '  references/review.ts:12 @references people.email on Review.authorEmail: there is no entity people in the entity files. ' +
          'Name an exported entity type (check the spelling and the `entities` setting).',
      ].join('\n'),
    );
  });
});
