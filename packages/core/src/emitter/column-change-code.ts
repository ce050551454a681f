import type { ActionOf, WriterContext } from '../adapter/action-writers';
import { describeType } from '../model';
import { comment, rawSql, str, strList } from './code-literals';
import { conversionCall } from './conversion-code';
import { dataTypeCode, defaultCode, valueSql } from './column-code';
import { missingWriter } from './missing-writer';

/**
 * The backfill of a column: an UPDATE of the rows where it is NULL (every row, for a column just added), typed
 * with the column as it is then (nullable), the value in a `sql` template the reviewer can edit.
 */
export function fillColumnCode(action: ActionOf<'fillColumn'>, ctx: WriterContext): string {
  const { table, column } = action;
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Fill`;
  const tsType = ctx.adapter.types.tsType(column.type, ctx.enums);
  const value = valueSql(action.value, column.type, ctx);
  const rows = action.onlyNulls ? `the rows where ${column.name} is NULL` : 'the rows that exist';
  return [
    '{',
    `const ${handle} = db as unknown as Kysely<{ ${str(table)}: { ${str(column.name)}: ${tsType} | null } }>;`,
    comment(`REVIEW: ${rows} get ${value} in ${table}.${column.name}; change the expression if they need another value.`),
    `await ${handle}.updateTable(${str(table)}).set({ ${str(column.name)}: ${rawSql([value], tsType)} }).where(${str(column.name)}, 'is', null).execute();`,
    '}',
  ].join('\n');
}

/**
 * Nullability and default in place, as ALTER COLUMN statements (none when neither changes). A column that becomes
 * (or stops being) an identity column has no portable statement: the adapter writes it.
 */
export function alterColumnStatements(action: ActionOf<'alterColumn'>, ctx: WriterContext): string[] {
  const { table, from, to } = action;
  const alter = `await db.schema.alterTable(${str(table)})`;
  const statements: string[] = [];
  if (JSON.stringify(from.default) !== JSON.stringify(to.default)) {
    const change = to.default ? `ac.setDefault(${defaultCode(to.default, to.type, ctx)})` : 'ac.dropDefault()';
    statements.push(`${alter}.alterColumn(${str(to.name)}, (ac) => ${change}).execute();`);
  }
  if (from.nullable !== to.nullable) {
    statements.push(`${alter}.alterColumn(${str(to.name)}, (ac) => ac.${to.nullable ? 'dropNotNull' : 'setNotNull'}()).execute();`);
  }
  return statements;
}

/** The portable column change: {@link alterColumnStatements}, or a note that there is none to make. */
export function alterColumnCode(action: ActionOf<'alterColumn'>, ctx: WriterContext): string {
  if (Boolean(action.from.generated) !== Boolean(action.to.generated)) {
    throw missingWriter(action, 'a column made or unmade an identity column');
  }
  return alterColumnStatements(action, ctx).join('\n') || NO_CHANGE_IN_PLACE;
}

/** What an in-place column change writes when the dialect has nothing to do in place. */
export const NO_CHANGE_IN_PLACE = comment('no change this dialect can make in place');

/**
 * A type change through a new column: add it, fill it with the conversion (declared at the top of the file, where
 * the reviewer edits it), drop, rename; or, with `stage`, one of those parts (see the `convertColumn` action).
 * `addModifier`: a column definition modifier for the temporary column (MySQL places it after the column it
 * replaces, so the column keeps its place).
 */
export function convertColumnCode(action: ActionOf<'convertColumn'>, ctx: WriterContext, addModifier?: string): string {
  const { table, from, to, temporary } = action;
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Convert`;
  const tsType = ctx.adapter.types.tsType(to.type, ctx.enums);
  const conversion = conversionCall({ table, column: from.name, from: from.type, to: to.type });
  const add = `await db.schema.alterTable(${str(table)}).addColumn(${str(temporary)}, ${dataTypeCode(to.type, ctx)}${addModifier ? `, (col) => col${addModifier}` : ''}).execute();`;
  const fill = [
    '{',
    `const ${handle} = db as unknown as Kysely<{ ${str(table)}: { ${str(temporary)}: ${tsType} | null } }>;`,
    `await ${handle}.updateTable(${str(table)}).set({ ${str(temporary)}: ${conversion} }).execute();`,
    '}',
  ].join('\n');
  const swap = [
    `await db.schema.alterTable(${str(table)}).dropColumn(${str(from.name)}).execute();`,
    `await db.schema.alterTable(${str(table)}).renameColumn(${str(temporary)}, ${str(to.name)}).execute();`,
  ].join('\n');
  if (action.stage === 'add') return add;
  if (action.stage === 'fill') return fill;
  if (action.stage === 'swap') return swap;
  return [add, fill, swap].join('\n');
}

/**
 * The check that every value of a column converts, before anything changes: the rows that do not stop the
 * migration, named by their key (see `checkConversion` in this package, which generated files call).
 */
export function checkConversionCode(action: ActionOf<'checkConversion'>): string {
  return `await checkConversion(db, { table: ${str(action.table)}, column: ${str(action.column)}, to: ${str(describeType(action.to))}, key: ${strList(action.key)}, converted: ${conversionCall(action)} });`;
}

/** A type change in place, on Kysely's builder (`ALTER COLUMN … TYPE`, PostgreSQL's spelling without USING). */
export function changeColumnTypeCode(action: ActionOf<'changeColumnType'>, ctx: WriterContext): string {
  return `await db.schema.alterTable(${str(action.table)}).alterColumn(${str(action.to.name)}, (ac) => ac.setDataType(${dataTypeCode(action.to.type, ctx)})).execute();`;
}
