import type { ActionOf, ActionWriter, ActionWriters, WriterContext } from '../adapter/action-writers';
import type { ActionKind } from '../planner/action';
import { DEFAULT_SCHEMA, schemaOf, unqualifiedName } from '../model';
import { str, strList } from './code-literals';
import { addColumnCode } from './column-code';
import { alterColumnCode, changeColumnTypeCode, checkConversionCode, convertColumnCode, fillColumnCode } from './column-change-code';
import { mapEnumValuesCode } from './enum-mapping-code';
import { missingWriter } from './missing-writer';
import { rebuildTableCode } from './rebuild-code';
import { addPrimaryKeyCode, createIndexCode, createTableCode, foreignKeyCode, primaryKeyName, withSchemaCode } from './table-code';

/**
 * The core's writers: every action that Kysely's schema and query builders can say, said with them, so that it
 * reads the same on every dialect and Kysely's compiler spells it. An adapter writes the rest (and may write any
 * of these its own way): the variants that have no portable form throw `WRITER_MISSING` here, naming the writer
 * the adapter lacks (a concurrent index, a foreign key added `NOT VALID`, a key added with its AUTO_INCREMENT
 * column, an identity column made in place); actions that only a dialect has (`addEnumValue`,
 * `validateForeignKey`, `recreateEnum`, `renameEnum`, `renameIndex`) have no portable writer at all.
 */
export const portableWriters: ActionWriters = Object.freeze({
  createSchema: (action) => `await db.schema.createSchema(${str(action.schema)}).ifNotExists().execute();`,
  createEnum: (action) => `await db.schema.createType(${str(action.enum.name)}).asEnum(${strList(action.enum.values)}).execute();`,
  dropEnum: (action) => `await db.schema.dropType(${str(action.enum.name)}).execute();`,
  createTable: (action, ctx) =>
    [
      createTableCode(action.table, action.table.name, ctx, false),
      // Its indexes as the adapter writes a createIndex action, if it writes them its own way.
      ...action.table.indexes.map((index) => writerOf('createIndex', ctx)({ kind: 'createIndex', table: action.table.name, index }, ctx)),
    ].join('\n'),
  dropTable: (action) => `await db.schema.dropTable(${str(action.table.name)}).execute();`,
  renameTable: (action) => renameTableCode(action),
  renameForeignKey: (action) => {
    if (action.ownIndex) throw missingWriter(action, 'a foreign key renamed with the index named after it');
    return `await db.schema.alterTable(${str(action.table)}).renameConstraint(${str(action.from)}, ${str(action.foreignKey.name)}).execute();`;
  },
  renamePrimaryKey: (action) =>
    `await db.schema.alterTable(${str(action.table)}).renameConstraint(${str(action.from)}, ${str(action.to)}).execute();`,
  addColumn: (action, ctx) => `await db.schema.alterTable(${str(action.table)})${addColumnCode(action.column, undefined, ctx)}.execute();`,
  dropColumn: (action) => `await db.schema.alterTable(${str(action.table)}).dropColumn(${str(action.column.name)}).execute();`,
  renameColumn: (action) =>
    `await db.schema.alterTable(${str(action.table)}).renameColumn(${str(action.from)}, ${str(action.to)}).execute();`,
  createIndex: (action) => {
    if (action.concurrently) throw missingWriter(action, 'an index built without blocking writes');
    return createIndexCode(action.table, action.index);
  },
  dropIndex: (action) => {
    if (action.concurrently) throw missingWriter(action, 'an index dropped without blocking writes');
    return `await db.schema${withSchemaCode(action.table)}.dropIndex(${str(action.index.name)}).execute();`;
  },
  fillColumn: fillColumnCode,
  mapEnumValues: mapEnumValuesCode,
  dropPrimaryKey: (action) =>
    `await db.schema.alterTable(${str(action.table)}).dropConstraint(${str(primaryKeyName(action.table))}).execute();`,
  addPrimaryKey: (action) => {
    if (action.addColumns) throw missingWriter(action, 'a key added with its AUTO_INCREMENT columns');
    return addPrimaryKeyCode(action.table, action.columns);
  },
  replacePrimaryKey: (action, ctx) => {
    if (action.addColumns) throw missingWriter(action, 'a key added with its AUTO_INCREMENT columns');
    return [
      writerOf('dropPrimaryKey', ctx)({ kind: 'dropPrimaryKey', table: action.table, columns: action.from }, ctx),
      addPrimaryKeyCode(action.table, action.to),
    ].join('\n');
  },
  alterColumn: alterColumnCode,
  checkConversion: checkConversionCode,
  changeColumnType: changeColumnTypeCode,
  convertColumn: (action, ctx) => convertColumnCode(action, ctx),
  addForeignKey: (action) => {
    if (action.notValid) throw missingWriter(action, 'a foreign key added without checking the rows');
    return `await db.schema.alterTable(${str(action.table)})${foreignKeyCode(action.foreignKey)}.execute();`;
  },
  dropForeignKey: (action) => `await db.schema.alterTable(${str(action.table)}).dropConstraint(${str(action.foreignKey.name)}).execute();`,
  rebuildTable: rebuildTableCode,
} satisfies ActionWriters);

/** The adapter's writer for actions of `kind`, else the portable one. */
function writerOf<K extends ActionKind>(kind: K, ctx: WriterContext): ActionWriter<K> {
  return (ctx.adapter.writers?.[kind] ?? portableWriters[kind]) as ActionWriter<K>;
}

/** RENAME TO (a table keeps its schema), after SET SCHEMA when it moves to another one. */
function renameTableCode({ from, to }: ActionOf<'renameTable'>): string {
  const statements: string[] = [];
  let current = from;
  if (schemaOf(from) !== schemaOf(to)) {
    const schema = schemaOf(to) ?? DEFAULT_SCHEMA;
    statements.push(`await db.schema.alterTable(${str(from)}).setSchema(${str(schema)}).execute();`);
    current = schemaOf(to) === undefined ? unqualifiedName(from) : `${schema}.${unqualifiedName(from)}`;
  }
  if (unqualifiedName(current) !== unqualifiedName(to)) {
    statements.push(`await db.schema.alterTable(${str(current)}).renameTo(${str(unqualifiedName(to))}).execute();`);
  }
  return statements.join('\n');
}
