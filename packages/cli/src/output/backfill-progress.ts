import type { BackfillProgress } from '@gati-framework/migrations';

/**
 * The backfill's progress on stderr: one line per table rewritten in place on a terminal (rows done / total,
 * rows per second), a line every 10% elsewhere (CI logs stay short).
 */
export function backfillProgressLine(stream: NodeJS.WriteStream = process.stderr): (migration: string, progress: BackfillProgress) => void {
  const started = new Map<string, number>();
  const lastTenth = new Map<string, number>();
  return (migration, progress) => {
    if (progress.table.startsWith('*')) return; // a marker, not a table
    const key = `${migration} ${progress.table}`;
    if (!started.has(key)) started.set(key, performance.now());
    const seconds = (performance.now() - started.get(key)!) / 1000;
    const rate = seconds > 0 ? Math.round(progress.done / seconds) : progress.done;
    const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 100;
    const line = `Backfilling ${progress.table}: ${progress.done} / ${progress.total} rows (${percent}%, ${rate} rows/s)`;
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
