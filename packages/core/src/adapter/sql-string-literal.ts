/**
 * `it's` -> `'it''s'`: a standard SQL string literal, quotes doubled and nothing else escaped. What PostgreSQL
 * (with `standard_conforming_strings`, the default since 9.1) and SQLite read back as written; MySQL also escapes
 * backslashes (`mysqlStringLiteral`).
 *
 * @example
 * ```ts
 * sqlStringLiteral("it's"); // "'it''s'"
 * ```
 */
export function sqlStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
