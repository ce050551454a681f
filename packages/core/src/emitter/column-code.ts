import type { WriterContext } from '../adapter/action-writers';
import { sqlStringLiteral } from '../adapter/sql-string-literal';
import type { ColumnModel, DefaultValue, LogicalType, TableModel } from '../model';
import { findEnum } from '../model';
import { rawSql, ref, str } from './code-literals';

/** Types Kysely's schema builder accepts as plain strings; anything else goes through `sql`. */
const KYSELY_DATA_TYPE =
  /^(varchar|char|text|integer|int2|int4|int8|smallint|bigint|boolean|real|double precision|float4|float8|decimal|numeric|binary|bytea|date|datetime|time|timetz|timestamp|timestamptz|json|jsonb|blob|uuid|varbinary)(\(\d+(, ?\d+)?\))?$/;

/** What the column code reads: the adapter's capabilities and types, and the enum types of the target schema. */
export type EmitContext = Pick<WriterContext, 'adapter' | 'enums'>;

/** The data type argument of `addColumn(name, <type>)`. */
export function dataTypeCode(type: LogicalType, ctx: EmitContext): string {
  const sqlType = ctx.adapter.types.columnType(type, ctx.enums);
  return KYSELY_DATA_TYPE.test(sqlType) ? str(sqlType) : rawSql([sqlType]);
}

/** `(col) => col.notNull().defaultTo('x')`, or '' when the column needs no modifier: the full definition. */
export function columnDefinitionCallback(column: ColumnModel, table: TableModel | undefined, ctx: EmitContext): string {
  const modifiers = columnModifiers(column, table, ctx);
  return modifiers.length > 0 ? `(col) => col${modifiers.join('')}` : '';
}

/** `.addColumn('email', 'varchar(255)', (col) => col.notNull())` for a column of `table`. */
export function addColumnCode(column: ColumnModel, table: TableModel | undefined, ctx: EmitContext): string {
  const callback = columnDefinitionCallback(column, table, ctx);
  return `.addColumn(${str(column.name)}, ${dataTypeCode(column.type, ctx)}${callback ? `, ${callback}` : ''})`;
}

function columnModifiers(column: ColumnModel, table: TableModel | undefined, ctx: EmitContext): string[] {
  const modifiers: string[] = [];
  const singlePrimaryKey = table?.primaryKey.length === 1 && table.primaryKey[0] === column.name;
  if (singlePrimaryKey) modifiers.push('.primaryKey()');
  if (column.generated) {
    modifiers.push(ctx.adapter.capabilities.identity === 'identity' ? '.generatedByDefaultAsIdentity()' : '.autoIncrement()');
  }
  if (!column.nullable) modifiers.push('.notNull()');
  if (column.default) modifiers.push(`.defaultTo(${defaultCode(column.default, column.type, ctx)})`);
  const check = enumCheck(column, ctx);
  if (check) modifiers.push(`.check(${check})`);
  return modifiers;
}

export function defaultCode(value: DefaultValue, type: LogicalType, ctx: EmitContext): string {
  if (value.kind === 'sql') {
    const spelled = ctx.adapter.types.defaultExpression?.(value.expression, type) ?? value.expression;
    return rawSql([parenthesizeExpression(spelled)]);
  }
  // An array's value is JSON in the model (`[]`): the dialect spells it (`'{}'` on PostgreSQL).
  if (typeof value.value === 'string' && type.kind !== 'array') return str(value.value);
  if (typeof value.value === 'number' || value.value === null) return String(value.value);
  return rawSql([ctx.adapter.types.literal(value.value, type)]);
}

/**
 * A backfill (or any default-like value) as SQL text for this dialect: a literal in the dialect's spelling
 * (`'anon'`, `0`, `true` or `1`), an expression as the dialect spells it.
 */
export function valueSql(value: DefaultValue, type: LogicalType, ctx: EmitContext): string {
  if (value.kind === 'literal') return ctx.adapter.types.literal(value.value, type);
  return ctx.adapter.types.defaultExpression?.(value.expression, type) ?? value.expression;
}

/**
 * A default expression in parentheses, which every dialect accepts and SQLite requires for anything but a
 * literal or CURRENT_TIMESTAMP/DATE/TIME. Keywords and already parenthesized expressions stay as written.
 */
function parenthesizeExpression(expression: string): string {
  const text = expression.trim();
  if (/^(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|NULL|TRUE|FALSE)$/i.test(text) || /^\(.*\)$/s.test(text)) return text;
  return `(${text})`;
}

/** On dialects that store enums as text, `CHECK (col IN ('a', 'b'))`. */
function enumCheck(column: ColumnModel, ctx: EmitContext): string | undefined {
  if (column.type.kind !== 'enum' || ctx.adapter.capabilities.enums !== 'check') return undefined;
  const model = findEnum({ tables: [], enums: ctx.enums }, column.type.name);
  if (!model) return undefined;
  const values = model.values.map(sqlStringLiteral).join(', ');
  return rawSql([ref(column.name), ` in (${values})`]);
}
