/**
 * Compares two strings by Unicode code point, the same on every machine: no locale, no collation (`'Zebra'`
 * sorts before `'aardvark'`, `'aa'` before `'zz'` and `'å'`, whatever `LANG` says). Every ordering that ends up in
 * a file, in output or in the order of work (snapshots, generated interfaces, introspected models, the
 * runner's order of migrations) uses it, so that `generate` writes the same bytes on every machine.
 *
 * It differs from `<` on strings (UTF-16 code units) only for characters beyond U+FFFF against U+E000–U+FFFF,
 * and from `localeCompare` and `Intl.Collator` everywhere a locale reorders letters, case or punctuation.
 * @returns a negative number, 0 or a positive number, as `Array.prototype.sort` expects
 * @example
 * names.sort(compareCodePoints);
 * tables.sort((a, b) => compareCodePoints(a.name, b.name));
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const left = a.charCodeAt(i);
    const right = b.charCodeAt(i);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

/**
 * A UTF-16 code unit, re-ranked so that surrogates (U+D800–U+DFFF, the halves of characters beyond U+FFFF)
 * come after U+E000–U+FFFF, as the characters they encode do. At the first differing unit, this orders the
 * strings by code point.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
