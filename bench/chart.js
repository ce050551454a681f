#!/usr/bin/env node
// The targets of a bench run as an SVG bar chart (bench/ratios.svg, shown in bench/RESULTS.md): one bar per
// target and workload, its length what was measured divided by the target's limit, so that every target's
// line is at 1 and a bar that ends left of it is met. No dependency: the SVG is written as text.
//   node bench/chart.js [results.json] [out.svg]   (defaults: bench/.work/results.json, bench/ratios.svg)
// `npm run bench` writes it at the end of every run.
const fs = require('node:fs');
const path = require('node:path');

const ROW = 24;
const LABEL = 470;
const BARS = 380;
const RIGHT = 170;
const TOP = 58;
const MAX = 3; // bars longer than 3x their limit are cut, with the value written out

const xml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function valueText(t) {
  return t.unit === 'ms' ? `${Math.round(t.measured)} ms (limit ${t.limit} ms)` : `${t.measured.toFixed(2)}x (limit ${t.limit}x)`;
}

/** The SVG text for `targets` (checkTargets' lines). */
function chartSvg(targets, date) {
  const width = LABEL + BARS + RIGHT;
  const height = TOP + targets.length * ROW + 34;
  const x = (v) => LABEL + (Math.min(v, MAX) / MAX) * BARS;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">gati-migrations against the targets of issue 13${date ? ` (bench of ${xml(date.slice(0, 16).replace('T', ' '))} UTC)` : ''}</text>`,
    `<text x="10" y="38" fill="#555">bar: measured / limit (ours / theirs, memory, or time); left of the dashed line = met. Green: met, red: not met.</text>`,
  ];
  for (const tick of [0, 0.5, 1, 1.5, 2, 2.5, 3]) {
    parts.push(`<line x1="${x(tick)}" y1="${TOP - 6}" x2="${x(tick)}" y2="${TOP + targets.length * ROW}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x(tick)}" y="${TOP + targets.length * ROW + 16}" text-anchor="middle" fill="#555">${tick}</text>`);
  }
  targets.forEach((t, i) => {
    const y = TOP + i * ROW;
    const v = t.measured / t.limit;
    const colour = t.met ? '#2e7d32' : '#c62828';
    parts.push(`<text x="${LABEL - 8}" y="${y + 16}" text-anchor="end">${xml(`${t.target} · ${t.workload}`)}</text>`);
    parts.push(`<rect x="${LABEL}" y="${y + 5}" width="${Math.max(1, x(v) - LABEL).toFixed(1)}" height="${ROW - 10}" fill="${colour}"/>`);
    parts.push(`<text x="${x(v) + 6}" y="${y + 16}" fill="${colour}">${xml(valueText(t))}${v > MAX ? ' →' : ''}</text>`);
  });
  parts.push(`<line x1="${x(1)}" y1="${TOP - 10}" x2="${x(1)}" y2="${TOP + targets.length * ROW}" stroke="#000" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${x(1)}" y="${TOP - 12}" text-anchor="middle">target</text>`);
  parts.push(`<text x="${LABEL + BARS / 2}" y="${height - 4}" text-anchor="middle" fill="#555">measured / limit</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function writeChart(targets, file, date) {
  fs.writeFileSync(file, chartSvg(targets, date));
  return file;
}

module.exports = { chartSvg, writeChart };

if (require.main === module) {
  const input = process.argv[2] ?? path.join(__dirname, '.work', 'results.json');
  const output = process.argv[3] ?? path.join(__dirname, 'ratios.svg');
  const { results, targets, machine } = JSON.parse(fs.readFileSync(input, 'utf8'));
  const lines = targets ?? require('./lib/targets').checkTargets(results);
  console.log(`wrote ${writeChart(lines, output, machine?.date)}`);
}
