/**
 * The backfill's progress line (`gati migrate:up` on stderr while an expand backfills): the rate it shows is rows
 * done since the table's first report over the time since then, so neither the first batch nor the rows a resumed
 * backfill had done before make it absurd.
 */
import { backfillProgressLine } from '../../packages/cli/src/output/backfill-progress';

function captured(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text.trimEnd()) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

/**
 * Waits at least `ms` by `performance.now()`, the clock the progress line reads: a timer can fire a fraction of a
 * millisecond early by it (a run saw 199.3 ms after `setTimeout(…, 200)`), which the rate bounds below do not allow.
 */
async function sleep(ms: number): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < ms) await new Promise((resolve) => setTimeout(resolve, ms - (performance.now() - start) + 1));
}
const rateOf = (line: string) => Number(/, (\d+) rows\/s\)$/.exec(line)?.[1]);

it('shows no rate on the first report, then rows since it over the time since it', async () => {
  const { stream, lines } = captured();
  const report = backfillProgressLine(stream);
  report('m', { table: 'users', lastKey: '1000', done: 1000, total: 10_000 });
  await sleep(200);
  report('m', { table: 'users', lastKey: '2000', done: 2000, total: 10_000 });
  expect(lines[0]).toBe('Backfilling users: 1000 / 10000 rows (10%)');
  // 1000 rows in at least 200 ms: at most 5000 rows/s (the first report's clock once made it millions).
  expect(lines[1]).toMatch(/^Backfilling users: 2000 \/ 10000 rows \(20%, \d+ rows\/s\)$/);
  expect(rateOf(lines[1])).toBeGreaterThan(0);
  expect(rateOf(lines[1])).toBeLessThanOrEqual(5000);
});

it('counts a resumed backfill from where it took up, not from the rows done before', async () => {
  const { stream, lines } = captured();
  const report = backfillProgressLine(stream);
  report('m', { table: 'users', lastKey: '500000', done: 500_000, total: 1_000_000 });
  await sleep(200);
  report('m', { table: 'users', lastKey: '600000', done: 600_000, total: 1_000_000 });
  expect(lines).toHaveLength(2);
  // 100,000 rows in at least 200 ms: at most 500,000 rows/s, not 600,000 rows over 0.2 s.
  expect(rateOf(lines[1])).toBeLessThanOrEqual(500_000);
});
