/**
 * The tokens of a TypeScript or JavaScript source that carry its meaning, in order, with everything a formatter
 * may change taken out: whitespace and line endings, comments, the quote style of plain strings, semicolons,
 * trailing commas, and parentheses around a lone arrow-function parameter. Two sources that prettier (with any
 * options) makes alike give the same tokens. A small scanner rather than the TypeScript compiler, so that
 * `migrate:status` and `up` never load the compiler (it costs ~150 ms).
 */
export function meaningfulTokens(source: string): string[] {
  const tokens = scan(source);
  return dropFormattingPunctuation(tokens);
}

type Token = { readonly kind: 'word' | 'string' | 'template' | 'punct' | 'regex'; readonly text: string };

/** Punctuators, longest first, so `===` is one token and not `==` then `=`. */
const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '**',
];
/** The characters a punctuator of more than one character starts with; any other is a token of its own. */
const PUNCTUATOR_STARTS = new Set(PUNCTUATORS.map((p) => p[0]!));
const NON_ASCII_SPACE = /\s/;

// Character classes by code unit rather than by regular expression per character: the scanner runs over every
// migration file on every `status` and `up`.

/** What `/\s/` matches. */
function isSpace(code: number, c: string): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code >= 0x80 && NON_ASCII_SPACE.test(c));
}

/** What `/[A-Za-z0-9_$\u0080-\uffff]/` matches. */
function isWord(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code >= 0x80
  );
}

function scan(source: string): Token[] {
  const tokens: Token[] = [];
  // Template literals nest through `${ … }`: the brace depth at which each open template resumes.
  const templateDepths: number[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const code = source.charCodeAt(i);
    if (isSpace(code, c)) {
      i += 1;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
    } else if (c === "'" || c === '"') {
      const end = stringEnd(source, i, c);
      tokens.push({ kind: 'string', text: JSON.stringify(unescapeQuoted(source.slice(i + 1, end - 1))) });
      i = end;
    } else if (c === '`' || (c === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth)) {
      if (c === '}') templateDepths.pop();
      const { end, opensExpression } = templatePartEnd(source, i + 1);
      tokens.push({ kind: 'template', text: source.slice(i, end) });
      if (opensExpression) templateDepths.push(depth);
      i = end;
    } else if (c === '/' && regexAllowed(tokens[tokens.length - 1])) {
      const end = regexEnd(source, i);
      tokens.push({ kind: 'regex', text: source.slice(i, end) });
      i = end;
    } else if (isWord(code)) {
      let end = i + 1;
      while (end < source.length && isWord(source.charCodeAt(end))) end += 1;
      tokens.push({ kind: 'word', text: source.slice(i, end) });
      i = end;
    } else {
      const punct = (PUNCTUATOR_STARTS.has(c) && PUNCTUATORS.find((p) => source.startsWith(p, i))) || c;
      if (punct === '{') depth += 1;
      if (punct === '}') depth -= 1;
      tokens.push({ kind: 'punct', text: punct });
      i += punct.length;
    }
  }
  return tokens;
}

/** The index just past the closing quote of the string that opens at `start`. */
function stringEnd(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length && source[i] !== quote && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
  return Math.min(source.length, i + 1);
}

/** A template part runs to the closing backtick, or to `${`, which opens an expression. */
function templatePartEnd(source: string, from: number): { end: number; opensExpression: boolean } {
  let i = from;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === '`') return { end: i + 1, opensExpression: false };
    else if (source[i] === '$' && source[i + 1] === '{') return { end: i + 2, opensExpression: true };
    else i += 1;
  }
  return { end: source.length, opensExpression: false };
}

function regexAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'punct') return ![')', ']', '}'].includes(previous.text);
  return (
    previous.kind === 'word' &&
    ['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'await', 'yield'].includes(previous.text)
  );
}

function regexEnd(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== '\n') {
    const c = source[i]!;
    if (c === '\\') i += 1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i += 1;
  }
  i += 1;
  while (i < source.length && /[a-z]/i.test(source[i]!)) i += 1;
  return i;
}

/** The value of a quoted string's body, so that 'it\'s' and "it's" compare equal. */
function unescapeQuoted(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, escape: string) => {
    switch (escape[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return escape.length === 1 ? '\0' : escape;
      case 'x':
        return String.fromCharCode(parseInt(escape.slice(1), 16));
      case 'u':
        return String.fromCodePoint(parseInt(escape.replace(/[u{}]/g, ''), 16));
      case '\n':
        return '';
      default:
        return escape;
    }
  });
}

/**
 * Semicolons (prettier's `semi`), commas before a closing bracket (`trailingComma`) and the parentheses of
 * `(db) =>` (`arrowParens`) carry no meaning: leave them out. A quoted property key that needs no quotes
 * (`'users': …`, prettier's `quoteProps`) is its bare name.
 */
function dropFormattingPunctuation(tokens: readonly Token[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.kind === 'punct' && token.text === ';') continue;
    if (token.kind === 'punct' && token.text === ',' && next?.kind === 'punct' && [')', ']', '}', '>'].includes(next.text)) continue;
    if (
      token.kind === 'punct' &&
      token.text === '(' &&
      next?.kind === 'word' &&
      tokens[i + 2]?.text === ')' &&
      tokens[i + 3]?.text === '=>'
    ) {
      kept.push(next.text);
      i += 2;
      continue;
    }
    if (token.kind === 'string' && next?.text === ':' && ['{', ','].includes(tokens[i - 1]?.text ?? '')) {
      const key = JSON.parse(token.text) as string;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
        kept.push(key);
        continue;
      }
    }
    kept.push(token.text);
  }
  return kept;
}
