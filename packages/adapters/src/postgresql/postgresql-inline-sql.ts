import { type Kysely, type RawBuilder, sql } from 'kysely';
import { sqlStringLiteral } from '@gati-framework/migrations';

/**
 * A Kysely expression as SQL text with its parameters written in as literals: what a trigger's body, a view's
 * default or a DDL statement needs, since none of them takes parameters.
 */
export function inlineSql(db: Kysely<any>, expression: RawBuilder<unknown>): string {
  const compiled = expression.compile(db);
  return compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1]));
}

/** The conversion of a migration file applied to `reference` (`NEW."age"`, `"age"`), as SQL text. */
export function inlineConversion(
  db: Kysely<any>,
  conversion: (value: RawBuilder<unknown>) => RawBuilder<unknown>,
  reference: string,
): string {
  return inlineSql(db, conversion(sql.raw(reference)));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return sqlStringLiteral(value.toISOString());
  return sqlStringLiteral(typeof value === 'string' ? value : JSON.stringify(value));
}
