/**
 * Reads the few things the pragmas do not report out of a table's `CREATE TABLE` text (sqlite_master.sql):
 * whether it uses AUTOINCREMENT, and which columns are enums written as `CHECK (col IN ('a', 'b'))`.
 *
 * A small tokenizer rather than regular expressions over the raw text, so that string literals, quoted
 * identifiers and comments never produce false matches.
 */

export type SqlTokenKind = 'word' | 'identifier' | 'string' | 'number' | 'punctuation';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** A word as written, an identifier or string without its quotes (escapes undone), or the punctuation. */
  readonly value: string;
}

/** A column-level or table-level `CHECK (col IN ('a', 'b', …))`. */
export interface SqliteEnumCheck {
  /** The column as written in the CHECK (SQLite compares identifiers case-insensitively). */
  readonly column: string;
  readonly values: readonly string[];
}

const NUMBER = /0x[0-9a-f]+|(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/iy;
const WORD = /[a-z_\u0080-\uffff][a-z0-9_$\u0080-\uffff]*/iy;

/** Splits SQL into tokens, dropping whitespace and comments. */
export function tokenizeSql(sqlText: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sqlText.length) {
    const char = sqlText[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (sqlText.startsWith('--', i)) {
      const end = sqlText.indexOf('\n', i);
      i = end === -1 ? sqlText.length : end + 1;
    } else if (sqlText.startsWith('/*', i)) {
      const end = sqlText.indexOf('*/', i + 2);
      i = end === -1 ? sqlText.length : end + 2;
    } else if (char === "'" || char === '"' || char === '`') {
      const { value, next } = readQuoted(sqlText, i, char);
      tokens.push({ kind: char === "'" ? 'string' : 'identifier', value });
      i = next;
    } else if (char === '[') {
      const end = sqlText.indexOf(']', i + 1);
      const next = end === -1 ? sqlText.length : end;
      tokens.push({ kind: 'identifier', value: sqlText.slice(i + 1, next) });
      i = next + 1;
    } else {
      const number = /[\d.]/.test(char) ? matchAt(NUMBER, sqlText, i) : undefined;
      const word = number === undefined ? matchAt(WORD, sqlText, i) : undefined;
      if (number !== undefined) tokens.push({ kind: 'number', value: number });
      else if (word !== undefined) tokens.push({ kind: 'word', value: word });
      else tokens.push({ kind: 'punctuation', value: char });
      i += (number ?? word ?? char).length;
    }
  }
  return tokens;
}

/** True when the statement declares an `AUTOINCREMENT` column (only an INTEGER PRIMARY KEY can be one). */
export function hasAutoincrement(tokens: readonly SqlToken[]): boolean {
  return tokens.some((t) => isWord(t, 'AUTOINCREMENT'));
}

/**
 * Every `CHECK (col IN ('a', …))` whose list holds only string literals, in the order written. The column may
 * be bare, "double-quoted", `backquoted` or [bracketed]; keywords are matched in any case.
 */
export function findEnumChecks(tokens: readonly SqlToken[]): SqliteEnumCheck[] {
  const checks: SqliteEnumCheck[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], 'CHECK') || !isPunctuation(tokens[i + 1], '(')) continue;
    const column = tokens[i + 2];
    if (!column || (column.kind !== 'word' && column.kind !== 'identifier')) continue;
    if (!isWord(tokens[i + 3], 'IN') || !isPunctuation(tokens[i + 4], '(')) continue;

    const values: string[] = [];
    let j = i + 5;
    let valid = false;
    while (j < tokens.length) {
      const value = tokens[j];
      if (value?.kind !== 'string') break;
      values.push(value.value);
      if (isPunctuation(tokens[j + 1], ',')) {
        j += 2;
      } else if (isPunctuation(tokens[j + 1], ')')) {
        valid = isPunctuation(tokens[j + 2], ')');
        break;
      } else {
        break;
      }
    }
    if (valid) checks.push({ column: column.value, values });
  }
  return checks;
}

function readQuoted(text: string, start: number, quote: string): { value: string; next: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, next: i + 1 };
    }
    value += char;
    i++;
  }
  return { value, next: text.length };
}

function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'word' && token.value.toUpperCase() === word;
}

function isPunctuation(token: SqlToken | undefined, char: string): boolean {
  return token?.kind === 'punctuation' && token.value === char;
}
