import { type Kysely, type RawBuilder, sql } from 'kysely';
import { ConversionError } from '../errors';

/** What `checkConversion` checks: one column's values against its conversion. */
export interface ConversionCheck {
  readonly table: string;
  readonly column: string;
  /** The type the column becomes, as a reader knows it: `int`, `varchar(20)`. */
  readonly to: string;
  /** The columns that identify a row (the primary key), to name the rows that do not convert. */
  readonly key: readonly string[];
  /** The conversion of the column's value: NULL where it does not convert (see `TypeMapping.convertValue`). */
  readonly converted: RawBuilder<unknown>;
}

/** How many of the rows that do not convert the message names. */
const NAMED_ROWS = 5;

/**
 * Stops the migration, before it changes anything, when a value of the column does not convert: a row whose
 * column is not NULL but whose conversion is. The error names the table, the column, how many rows do not
 * convert, and the first few with their keys and values. Generated migrations call it before each conversion
 * that some values may not pass; edit the conversion (its REVIEW expression) to map such values instead.
 *
 * @example
 * await checkConversion(db, { table: 'users', column: 'age', to: 'int', key: ['id'], converted: usersAgeToInt });
 * // ConversionError: users.age: 3 rows hold values that do not convert to int (id 1: 'abc'; id 2: ''; id 3: '3.9'), …
 */
export async function checkConversion(db: Kysely<any>, check: ConversionCheck): Promise<void> {
  const value = sql.ref(check.column);
  const keys = check.key.map((column, i) => sql`${sql.ref(column)} AS ${sql.id(`gati_key_${i}`)}`);
  const { rows } = await sql<
    Record<string, unknown>
  >`SELECT ${sql.join([...keys, sql`${value} AS gati_value`, sql`count(*) over () AS gati_count`])} FROM ${sql.table(check.table)} WHERE ${value} IS NOT NULL AND (${check.converted}) IS NULL LIMIT ${sql.lit(NAMED_ROWS)}`.execute(
    db,
  );
  if (rows.length === 0) return;
  const count = Number(rows[0]!.gati_count);
  const named = rows.map((row) => {
    const key = check.key.map((column, i) => `${column} ${literal(row[`gati_key_${i}`])}`).join(', ');
    return `${key ? `${key}: ` : ''}${literal(row.gati_value)}`;
  });
  const column = `${check.table}.${check.column}`;
  throw new ConversionError(
    `${column}: ${count} row${count === 1 ? ' holds a value' : 's hold values'} that ${count === 1 ? 'does' : 'do'} not convert to ${check.to} ` +
      `(${named.join('; ')}${count > named.length ? `; and ${count - named.length} more` : ''}), so ${column} was left as it was. ` +
      `Map such values in the migration's conversion of ${column} (its REVIEW expression), or correct the rows, then run it again.`,
  );
}

/** A value as the message shows it: text quoted, numbers and booleans as they are, dates in ISO 8601. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
