/** A JavaScript string literal for `value`, single-quoted as prettier would write it. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

export function strList(values: readonly string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** A part of raw SQL for {@link rawSql}: text as it is, or code whose value the `sql` template interpolates. */
export type SqlPart = string | { readonly code: string };

/**
 * The one audited way generated code contains raw SQL: a Kysely `sql` template whose text is `text` verbatim
 * (backticks and `${` escaped so the text can never break out of the template), with optional `${…}`
 * interpolations given as code. Everything else is emitted through Kysely's schema and query builders.
 */
export function rawSql(parts: readonly SqlPart[], resultType?: string): string {
  const body = parts
    .map((part) =>
      typeof part === 'string' ? part.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') : `\${${part.code}}`,
    )
    .join('');
  return `sql${resultType ? `<${resultType}>` : ''}\`${body}\``;
}

/** `sql.ref('column')`, for identifiers inside raw SQL. */
export function ref(identifier: string): { code: string } {
  return { code: `sql.ref(${str(identifier)})` };
}

/** A `//` comment block; each line of `text` becomes one comment line. */
export function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => `// ${line}`)
    .join('\n');
}

/** `sql.id('sales', 'order_status')` for `sales.order_status`, `sql.id('x')` for `x`: a possibly schema-qualified name. */
export function id(name: string): { code: string } {
  return { code: `sql.id(${name.split('.').map(str).join(', ')})` };
}

/** `"sales"."orders"`: a possibly schema-qualified name as quoted identifiers, for text such as `'…'::regclass`. */
export function quotedName(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

/** A `//` comment block of `text` wrapped at `width` characters, for prose a reviewer reads. */
export function wrappedComment(text: string, width = 110): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return comment(lines.join('\n'));
}
