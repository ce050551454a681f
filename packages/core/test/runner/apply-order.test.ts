import { pendingInOrder } from '../../src/runner/migrate';
import type { MigrationRecord } from '../../src/runner/migration-state';

/*
 * The order `up` applies pending migrations in: by version, then by name, compared by code point so that it is
 * the same on every machine (localeCompare put `~`, a symbol, before digits under most locales, and after them
 * under LC_ALL=C).
 */

function pending(name: string, version?: string): MigrationRecord {
  return { name, state: 'pending', ...(version ? { version } : {}) };
}

describe('pendingInOrder', () => {
  it('applies a migration that declares no version after every dated one, whatever the locale', () => {
    const records = [
      pending('20240101000000_undated'),
      pending('20240301000000_later', '2024-03-01T00:00:00Z'),
      pending('20240201000000_earlier', 'tsv:1706745600-users-001'),
    ];
    expect(pendingInOrder(records).map((r) => r.name)).toEqual([
      '20240201000000_earlier',
      '20240301000000_later',
      '20240101000000_undated',
    ]);
  });
});
