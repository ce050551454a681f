import { type MigrationStatusEntry, type StatusReport, describeInterruption } from '@gati-framework/migrations';

type HistoryRun = StatusReport['history'][number];

/** How many recent runs `migrate:status` shows without `--history`. */
export const RECENT_RUNS = 5;

/**
 * `migrate:status` as text: a table of every migration (state, version, name, applied at), a paragraph for each
 * one that needs attention (what failed where, what was edited), the counts, and the latest runs.
 */
export function formatStatusTable(report: StatusReport, options: { allRuns?: boolean } = {}): string {
  if (report.migrations.length === 0) return 'No migrations yet. Run gati migrate:generate to write the first one.';
  const rows = report.migrations.map((m) => [m.phase?.phase ?? m.state, m.version ?? '-', m.name, m.appliedAt ?? '-']);
  const sections = [table(['STATE', 'VERSION', 'MIGRATION', 'APPLIED AT'], rows)];
  const notes = report.migrations.flatMap((m) => attentionNote(m, report.lockHeld));
  if (notes.length > 0) sections.push(notes.join('\n'));
  sections.push(summary(report));
  const runs = options.allRuns ? report.history : report.history.slice(-RECENT_RUNS);
  if (runs.length > 0) {
    const heading = options.allRuns ? 'Runs:' : `Recent runs (${runs.length} of ${report.history.length}; --history for all):`;
    sections.push(`${heading}\n${table(['STARTED', 'MIGRATION', 'RUN', 'OUTCOME', 'TIME'], runs.map(runRow))}`);
  }
  return sections.join('\n\n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function summary(report: StatusReport): string {
  const { applied, pending, failed, unknown, modified, missing } = report.counts;
  const expanded = report.migrations.filter((m) => m.phase).length;
  const parts = [`${applied} applied`, `${pending} pending${expanded ? ` (${expanded} of them expanded)` : ''}`];
  if (failed) parts.push(`${failed} failed`);
  if (unknown) parts.push(`${unknown} unknown (a run was killed)`);
  if (modified) parts.push(`${modified} modified since applied`);
  if (missing) parts.push(`${missing} missing (applied, file gone)`);
  return parts.join(', ');
}

/** What a user must know about a migration that is not simply applied or pending. */
function attentionNote(entry: MigrationStatusEntry, lockHeld: boolean): string[] {
  const notes: string[] = [];
  if (entry.phase) notes.push(phaseNote(entry, entry.phase));
  const killed = entry.interrupted;
  if (killed) {
    const settle =
      killed.resolvedBy === 'repair'
        ? `Its file was not generated, so this cannot be checked for you: look at the database, then run gati migrate:repair ${entry.name} --applied (all of its ${killed.direction} is in effect) or --rolled-back (none of it is; undo what is first).`
        : `gati migrate:${killed.resolvedBy} finishes it, checking each statement of that step against the database first and leaving out what took effect.`;
    const live = lockHeld ? ' A deployer holds the migration lock now: that run may still be going on.' : '';
    notes.push(`${describeInterruption(entry.name, killed)}. ${settle}${live}`);
  }
  const f = entry.failure;
  if (f) {
    const where = f.step ? ` at step ${f.stepNumber} of ${f.stepsTotal} (${f.step})` : '';
    const partial = f.stepsApplied > 0 && f.stepsApplied < f.stepsTotal;
    const statements =
      f.statementsDone > 0
        ? ` ${f.statementsDone} statement${f.statementsDone === 1 ? '' : 's'} of the failed step completed and stayed (the database commits DDL at once); the next run goes on after ${f.statementsDone === 1 ? 'it' : 'them'}.`
        : '';
    const effect = partial
      ? ` ${f.stepsApplied} of ${f.stepsTotal} steps are in effect: fix the cause, then gati migrate:up finishes it, or gati migrate:down rolls them back.`
      : entry.state === 'failed' && f.statementsDone === 0
        ? ' Nothing of it is in effect; fix it and run gati migrate:up again.'
        : '';
    notes.push(`${entry.name}: ${f.direction} failed${where} at ${f.at}: ${f.error}.${statements}${effect}`.replace(/\.\./g, '.'));
  }
  if (entry.state === 'modified') {
    notes.push(
      `${entry.name}: edited after it was applied (checksum ${short(entry.checksum?.accepted)} applied, ${short(entry.checksum?.current)} now). ` +
        'Restore the file, or accept the edit with gati migrate:repair.',
    );
  }
  if (entry.state === 'missing')
    notes.push(`${entry.name}: applied, but its file is gone. Restore it, or run gati migrate:repair --forget-missing.`);
  return notes;
}

function short(checksum: string | undefined): string {
  return checksum ? checksum.slice(0, 15) : '?';
}

function runRow(run: HistoryRun): string[] {
  const step = run.failedStep ? ` at step ${run.failedStepNumber}` : '';
  const outcome = run.outcome === 'failed' ? `failed${step}` : run.outcome;
  return [run.startedAt, run.name, run.direction, outcome, run.durationMs === null ? '-' : `${run.durationMs} ms`];
}

/** An expanded (or half expanded) zero-downtime migration: its version's schema, its backfill, what to run next. */
function phaseNote(entry: MigrationStatusEntry, phase: NonNullable<MigrationStatusEntry['phase']>): string {
  const backfill = Object.entries(phase.backfill)
    .filter(([table]) => !table.startsWith('*'))
    .map(([table, at]) => `${table} ${at.done}/${at.total} rows`);
  const next =
    phase.phase === 'expanded'
      ? 'both versions can be served; gati migrate:complete contracts it once the previous version is retired, gati migrate:rollback abandons it.'
      : 'its expand stopped before it finished; gati migrate:up continues it (the backfill from where it stopped), gati migrate:rollback abandons it.';
  return `${entry.name} is ${phase.phase} (zero-downtime): the new version reads its tables through the schema ${phase.versionSchema}${backfill.length > 0 ? `; backfill: ${backfill.join(', ')}` : ''}; ${next}`;
}
