import { type ForeignKeyModel, type IndexModel, type TableModel, primaryKeyName, schemaOf } from '../model';
import { str, strList } from './code-literals';
import { addColumnCode, type EmitContext } from './column-code';

/** CREATE TABLE with its keys and checks, then (unless `withIndexes` is false) its indexes. */
export function createTableCode(table: TableModel, name: string, ctx: EmitContext, withIndexes = true): string {
  const lines = [`await db.schema.createTable(${str(name)})`];
  for (const column of table.columns) lines.push(addColumnCode(column, table, ctx));
  if (table.primaryKey.length > 1) lines.push(`.addPrimaryKeyConstraint(${str(primaryKeyName(table.name))}, ${strList(table.primaryKey)})`);
  for (const fk of table.foreignKeys) lines.push(foreignKeyCode(fk));
  lines.push('.execute();');
  const statements = [lines.join('\n')];
  if (withIndexes) for (const index of table.indexes) statements.push(createIndexCode(table.name, index));
  return statements.join('\n');
}

/** CREATE [UNIQUE] INDEX on Kysely's builder. */
export function createIndexCode(table: string, index: IndexModel): string {
  return `await db.schema.createIndex(${str(index.name)}).on(${str(table)})${indexColumnsCode(index.columns)}${index.unique ? '.unique()' : ''}.execute();`;
}

/**
 * `.columns(['a', 'b'])`; where a name has a space, which Kysely's `columns` reads as a sort direction
 * (`'movie title'` is `movie` sorted `title`), the names as quoted identifiers: `.expression(sql.join([sql.id('movie title')]))`.
 */
function indexColumnsCode(columns: readonly string[]): string {
  if (!columns.some((column) => /\s/.test(column))) return `.columns(${strList(columns)})`;
  return `.expression(sql.join([${columns.map((column) => `sql.id(${str(column)})`).join(', ')}]))`;
}

/** `.addForeignKeyConstraint(…)` of a create or alter table builder. */
export function foreignKeyCode(fk: ForeignKeyModel): string {
  const onDelete = fk.onDelete ? `, (fk) => fk.onDelete(${str(fk.onDelete)})` : '';
  return `.addForeignKeyConstraint(${str(fk.name)}, ${strList(fk.columns)}, ${str(fk.referencedTable)}, ${strList(fk.referencedColumns)}${onDelete})`;
}

/** ADD PRIMARY KEY, named as this tool names a primary key. */
export function addPrimaryKeyCode(table: string, columns: readonly string[]): string {
  return `await db.schema.alterTable(${str(table)}).addPrimaryKeyConstraint(${str(primaryKeyName(table))}, ${strList(columns)}).execute();`;
}

export { primaryKeyName };

/** `.withSchema('sales')` for an object of a table in schema `sales`: an index is dropped by its name there. */
export function withSchemaCode(table: string): string {
  const schema = schemaOf(table);
  return schema === undefined ? '' : `.withSchema(${str(schema)})`;
}
