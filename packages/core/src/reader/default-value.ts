import type { DefaultValue } from '../model';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The `@default` text as a column default: `'USD'` or `"USD"` is a string literal, `true`/`false` a boolean,
 * `null` null, a number a number (unless it does not fit a JavaScript number exactly); anything else
 * (`now()`, `CURRENT_TIMESTAMP`, `gen_random_uuid()`) is a SQL expression, passed through as written.
 */
export function parseDefault(text: string): DefaultValue {
  const value = text.trim();
  const quote = value[0];
  if (value.length >= 2 && (quote === "'" || quote === '"') && value.endsWith(quote)) {
    return { kind: 'literal', value: unquote(value.slice(1, -1), quote) };
  }
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
  if (lower === 'null') return { kind: 'literal', value: null };
  if (NUMBER.test(value)) {
    const number = Number(value);
    const exact = /[.eE]/.test(value) ? Number.isFinite(number) : Number.isSafeInteger(number);
    if (exact) return { kind: 'literal', value: number };
  }
  return { kind: 'sql', expression: value };
}

/** `it\'s` and SQL's `it''s` (inside single quotes) both mean `it's`. */
function unquote(body: string, quote: string): string {
  const doubled = quote === "'" ? body.replace(/''/g, "'") : body;
  return doubled.replace(/\\(.)/g, '$1');
}
