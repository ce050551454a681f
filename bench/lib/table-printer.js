// A Markdown table (readable in a terminal as it is, and pasted as is into bench/RESULTS.md).

/**
 * @param {string[]} header
 * @param {(string|number)[][]} rows
 * @param {('l'|'r')[]} [align] per column; numbers default to right
 */
function formatTable(header, rows, align = []) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell ?? '')));
  const widths = header.map((_, c) => Math.max(3, ...cells.map((row) => row[c].length)));
  const side = (c) => align[c] ?? 'l';
  const pad = (text, c) => (side(c) === 'r' ? text.padStart(widths[c]) : text.padEnd(widths[c]));
  const line = (row) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (side(c) === 'r' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const ms = (value) => (value === undefined ? 'n/a' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);
const mb = (kb) => (kb === undefined ? 'n/a' : `${Math.round(kb / 1024)} MB`);
const ratio = (value) => (value === undefined ? '' : `${value.toFixed(2)}x`);

module.exports = { formatTable, ms, mb, ratio };
