import { type HistoryRow, markInterruptedRuns } from '../../src/runner/run-history';

/** A history row of migration `name`, started at minute `minute`, with `outcome`. */
function run(name: string, minute: number, direction: HistoryRow['direction'], outcome: HistoryRow['outcome']): HistoryRow {
  const startedAt = `2026-12-02T10:${String(minute).padStart(2, '0')}:00.000Z`;
  return {
    id: `${name}-${minute}`,
    name,
    direction,
    version: null,
    checksum: null,
    startedAt,
    finishedAt: outcome === 'running' ? null : startedAt,
    durationMs: outcome === 'running' ? null : 5,
    outcome,
    stepsTotal: 1,
    stepsApplied: 0,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
    toolVersion: null,
  };
}

describe('the history as status shows it', () => {
  it('calls a running row interrupted once a later run of the same migration followed it, and only then', () => {
    const history = [
      run('a', 1, 'up', 'running'), // killed, then repaired
      run('b', 2, 'up', 'running'), // still going on (or died with nothing after it): left as it is
      run('a', 3, 'repair', 'applied'),
      run('c', 4, 'up', 'success'),
    ];
    expect(markInterruptedRuns(history).map((r) => [r.name, r.direction, r.outcome])).toEqual([
      ['a', 'up', 'interrupted'],
      ['b', 'up', 'running'],
      ['a', 'repair', 'applied'],
      ['c', 'up', 'success'],
    ]);
    expect(history[0]!.outcome).toBe('running'); // the stored rows are not changed
  });
});
