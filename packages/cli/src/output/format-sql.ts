/** SQL of a dry run: one statement a line, with its parameters when it has any. */
export function formatSql(queries: readonly { sql: string; parameters: readonly unknown[] }[]): string {
  return queries.map((q) => `${q.sql};${q.parameters.length > 0 ? ` -- parameters: ${JSON.stringify(q.parameters)}` : ''}`).join('\n');
}
