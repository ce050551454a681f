import type { BackfillProgress } from '@gati-framework/migrations';

/**
 * The backfill's progress on stderr: one line per table rewritten in place on a terminal (rows done / total,
 * rows per second), a line every 10% elsewhere (CI logs stay short). The rate counts from the table's first report
 * (the first batch, or where a resumed backfill took up): rows done since then over the time since then; the first
 * report has none yet.
 */
export function backfillProgressLine(stream: NodeJS.WriteStream = process.stderr): (migration: string, progress: BackfillProgress) => void {
  const first = new Map<string, { at: number; done: number }>();
  const lastTenth = new Map<string, number>();
  return (migration, progress) => {
    if (progress.table.startsWith('*')) return; // a marker, not a table
    const key = `${migration} ${progress.table}`;
    const now = performance.now();
    if (!first.has(key)) first.set(key, { at: now, done: progress.done });
    const since = first.get(key)!;
    const seconds = (now - since.at) / 1000;
    const rate = seconds > 0 ? `, ${Math.round((progress.done - since.done) / seconds)} rows/s` : '';
    const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 100;
    const line = `Backfilling ${progress.table}: ${progress.done} / ${progress.total} rows (${percent}%${rate})`;
    if (stream.isTTY) {
      stream.write(`\r${line}${progress.done >= progress.total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(percent / 10);
    if (tenth !== lastTenth.get(key)) {
      lastTenth.set(key, tenth);
      stream.write(`${line}\n`);
    }
  };
}
