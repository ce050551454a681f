import type { StatusReport } from '@gati-framework/migrations';

/** `migrate:status` as a table: state, version, name, applied at. */
export function formatStatusTable(report: StatusReport): string {
  if (report.migrations.length === 0) return 'No migrations yet. Run gati migrate:generate to write the first one.';
  const rows = report.migrations.map((m) => [m.state, m.version ?? '-', m.name, m.appliedAt ?? '-']);
  const header = ['STATE', 'VERSION', 'MIGRATION', 'APPLIED AT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const { applied, pending, missing } = report.counts;
  const summary = `${applied} applied, ${pending} pending${missing ? `, ${missing} missing (applied, file gone)` : ''}`;
  return [line(header), ...rows.map(line), '', summary].join('\n');
}
