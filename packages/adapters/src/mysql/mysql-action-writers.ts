import {
  type ActionOf,
  type ActionWriters,
  type ColumnModel,
  type WriterContext,
  columnDefinitionCallback,
  convertColumnCode,
  dataTypeCode,
  portableWriters,
  rawSql,
  ref,
  str,
} from '@gati-framework/migrations';

/**
 * The actions MySQL (and MariaDB) write their own way; every other action is the core's portable writer.
 *
 * - `alterColumn`, `changeColumnType`: `MODIFY COLUMN` with the column's whole definition, the only way MySQL
 *   changes NOT NULL (and how an inline ENUM takes new values, and an AUTO_INCREMENT column stops or starts being
 *   one); the column keeps its place.
 * - `convertColumn`: the portable conversion through a temporary column, added `AFTER` the column it replaces so
 *   that the converted column keeps its place.
 * - `dropIndex`: through its table (`DROP INDEX … ON table`), since index names are scoped to their table.
 * - `dropPrimaryKey`: `DROP PRIMARY KEY` (the key is always named `PRIMARY`).
 * - `renameIndex`: `ALTER TABLE … RENAME INDEX` (the catalog only).
 * - `renameForeignKey`: MySQL and MariaDB cannot rename a foreign key, so one `ALTER TABLE` drops it and adds it
 *   under its new name (renaming the index InnoDB made for it too), `ALGORITHM=INPLACE, LOCK=NONE` with
 *   `foreign_key_checks` off: the table is not copied and its rows are not checked again (they were checked when
 *   the key was first added), and the statement fails rather than copy the table.
 * - `replacePrimaryKey`, and `addPrimaryKey` with AUTO_INCREMENT columns to add: one `ALTER TABLE`, since an
 *   AUTO_INCREMENT column must be a key at every moment (`ADD COLUMN … AUTO_INCREMENT, DROP PRIMARY KEY, ADD
 *   PRIMARY KEY (…)`).
 *
 * @example
 * ```ts
 * import { mysqlWriters } from '@gati-framework/migrations-adapters/mysql';
 * mysqlWriters.dropPrimaryKey!({ kind: 'dropPrimaryKey', table: 'orders', columns: ['id'] }, ctx);
 * // "await sql`ALTER TABLE ${sql.table('orders')} DROP PRIMARY KEY`.execute(db);"
 * ```
 */
export const mysqlWriters: ActionWriters = Object.freeze({
  alterColumn: (action, ctx) => modifyColumnCode(action.table, action.to, ctx),
  changeColumnType: (action, ctx) => modifyColumnCode(action.table, action.to, ctx),
  // The temporary column goes right after the one it replaces, so that the column keeps its place.
  convertColumn: (action, ctx) => convertColumnCode(action, ctx, `.modifyEnd(sql\`AFTER \${sql.ref(${str(action.from.name)})}\`)`),
  dropIndex: (action) => `await db.schema.alterTable(${str(action.table)}).dropIndex(${str(action.index.name)}).execute();`,
  dropPrimaryKey: (action) =>
    `await ${rawSql(['ALTER TABLE ', { code: `sql.table(${str(action.table)})` }, ' DROP PRIMARY KEY'])}.execute(db);`,
  addPrimaryKey: (action, ctx) =>
    action.addColumns
      ? primaryKeyStatementCode(action.table, [], action.columns, action.addColumns, ctx)
      : portableWriters.addPrimaryKey!(action, ctx),
  replacePrimaryKey: (action, ctx) => primaryKeyStatementCode(action.table, ['DROP PRIMARY KEY'], action.to, action.addColumns ?? [], ctx),
  renameIndex: (action) =>
    `await ${rawSql(['ALTER TABLE ', { code: `sql.table(${str(action.table)})` }, ' RENAME INDEX ', ref(action.from), ' TO ', ref(action.index.name)])}.execute(db);`,
  renameForeignKey: renameForeignKeyCode,
} satisfies ActionWriters);

/**
 * A foreign key dropped and added under its new name in one ALTER TABLE that neither copies the table nor checks
 * its rows (`foreign_key_checks` off for the statement, then set back as it was).
 */
function renameForeignKeyCode(action: ActionOf<'renameForeignKey'>): string {
  const fk = action.foreignKey;
  const list = (columns: readonly string[]) => ({ code: `sql.join([${columns.map((c) => `sql.ref(${str(c)})`).join(', ')}])` });
  const alter = rawSql([
    'ALTER TABLE ',
    { code: `sql.table(${str(action.table)})` },
    ' DROP FOREIGN KEY ',
    ref(action.from),
    ...(action.ownIndex ? [', RENAME INDEX ', ref(action.from), ' TO ', ref(fk.name)] : []),
    ', ADD CONSTRAINT ',
    ref(fk.name),
    ' FOREIGN KEY (',
    list(fk.columns),
    ') REFERENCES ',
    { code: `sql.table(${str(fk.referencedTable)})` },
    ' (',
    list(fk.referencedColumns),
    `)${fk.onDelete ? ` ON DELETE ${fk.onDelete.toUpperCase()}` : ''}, ALGORITHM=INPLACE, LOCK=NONE`,
  ]);
  return [
    'await sql`SET @gati_foreign_key_checks = @@SESSION.foreign_key_checks, SESSION foreign_key_checks = 0`.execute(db);',
    'try {',
    `await ${alter}.execute(db);`,
    '} finally {',
    'await sql`SET SESSION foreign_key_checks = @gati_foreign_key_checks`.execute(db);',
    '}',
  ].join('\n');
}

/** MODIFY COLUMN with the column's whole definition (MySQL has no other way to change NOT NULL or a type). */
function modifyColumnCode(table: string, column: ColumnModel, ctx: WriterContext): string {
  const callback = columnDefinitionCallback(column, undefined, ctx);
  return `await db.schema.alterTable(${str(table)}).modifyColumn(${str(column.name)}, ${dataTypeCode(column.type, ctx)}${callback ? `, ${callback}` : ''}).execute();`;
}

/** One ALTER TABLE: `ADD COLUMN … AUTO_INCREMENT` for each added column, then `parts`, then `ADD PRIMARY KEY (…)`. */
function primaryKeyStatementCode(
  table: string,
  parts: readonly string[],
  key: readonly string[],
  addColumns: readonly ColumnModel[],
  ctx: WriterContext,
): string {
  const columnParts = addColumns.flatMap((column) => [
    'ADD COLUMN ',
    ref(column.name),
    ` ${ctx.adapter.types.columnType(column.type, ctx.enums)}${column.nullable ? '' : ' NOT NULL'} AUTO_INCREMENT, `,
  ]);
  const columns = { code: `sql.join([${key.map((c) => `sql.ref(${str(c)})`).join(', ')}])` };
  return `await ${rawSql(['ALTER TABLE ', { code: `sql.table(${str(table)})` }, ' ', ...columnParts, ...parts.map((part) => `${part}, `), 'ADD PRIMARY KEY (', columns, ')'])}.execute(db);`;
}
