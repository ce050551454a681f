import type { TableModel } from '@gati-framework/migrations';

/**
 * The document field a column is stored in: a table's single-column primary key (`id`, or the property tagged
 * `@primaryKey`) is `_id`, as Prisma maps its `@id`; every other column is the field of its own name. A composite
 * primary key leaves `_id` to MongoDB (an ObjectId) and becomes a unique index.
 *
 * @example
 * fieldName(users, 'id'); // '_id'
 * fieldName(users, 'email'); // 'email'
 */
export function fieldName(table: Pick<TableModel, 'primaryKey'>, column: string): string {
  return table.primaryKey.length === 1 && table.primaryKey[0] === column ? '_id' : column;
}
