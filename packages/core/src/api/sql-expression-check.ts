/**
 * A check that a SQL expression given on the command line (`--backfill users.age=0`) is one, before it is
 * written into a migration: a small tokenizer, the same on every dialect, that needs no database. It accepts
 * what expressions are made of (literals, quoted identifiers, numbers, words, function calls, operators,
 * balanced parentheses and brackets) and refuses what an expression never holds or a shell leaves behind: a
 * character no SQL operator uses (`@` of an unquoted e-mail address, `;`, `?`, `$`, `\`), a string or a quoted
 * name left open, unbalanced parentheses, a comment (`--`, `/*`), a comma outside parentheses, an operator at
 * either end. It does not parse the grammar: `lower(` is refused, `1 +* 2` is left to the database.
 *
 * @example
 * sqlExpressionProblem("'unknown'");           // undefined
 * sqlExpressionProblem('billing@example.com'); // '"@" (at 8) is not SQL: …'
 */
export function sqlExpressionProblem(text: string): string | undefined {
  const source = text.trim();
  if (source === '') return 'it is empty';
  const stack: string[] = [];
  let last: 'operand' | 'operator' | 'open' | 'start' = 'start';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const rest = source.slice(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (rest.startsWith('--') || rest.startsWith('/*')) return `a comment (${rest.slice(0, 2)}, at ${i + 1}) is not part of an expression`;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(source, i);
      if (end < 0) return `the ${c === "'" ? 'string' : 'quoted name'} that starts at ${i + 1} (${c}) is not closed`;
      i = end + 1;
      last = 'operand';
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest) ?? /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (word) {
      i += word[0].length;
      last = 'operand';
      continue;
    }
    if (c === '(' || c === '[') {
      stack.push(c);
      i++;
      last = 'open';
      continue;
    }
    if (c === ')' || c === ']') {
      const open = stack.pop();
      if (open !== (c === ')' ? '(' : '[')) return `"${c}" (at ${i + 1}) closes nothing that is open`;
      if (last === 'operator') return `an operator stands before "${c}" (at ${i + 1}) with nothing after it`;
      i++;
      last = 'operand';
      continue;
    }
    if (c === ',') {
      if (stack.length === 0) return `a comma (at ${i + 1}) outside parentheses: a backfill is one expression`;
      i++;
      last = 'operator';
      continue;
    }
    const operator = OPERATORS.find((op) => rest.startsWith(op));
    if (operator) {
      i += operator.length;
      last = 'operator';
      continue;
    }
    return `"${c}" (at ${i + 1}) is not SQL`;
  }
  if (stack.length > 0) return `"${stack[stack.length - 1]}" is not closed`;
  if (last === 'operator') return 'it ends with an operator';
  return undefined;
}

/** The operators of the three dialects' expressions (PostgreSQL's JSON ones included), longest first. */
const OPERATORS = [
  '->>',
  '#>>',
  '||',
  '::',
  '<=',
  '>=',
  '<>',
  '!=',
  '->',
  '#>',
  '@>',
  '<@',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '.',
  '&',
  '|',
  '^',
  '~',
  '!',
];

/** Where the quote opened at `start` closes (a doubled quote is one quote inside), or -1. */
function closingQuote(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}
