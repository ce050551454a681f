import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocumentHistoryEntry } from '../../../src/adapter/document-runtime';
import { GatiError } from '../../../src/errors';
import {
  documentDownQueue,
  documentRecords,
  documentUpQueue,
  resumeStep,
  stepsInEffect,
} from '../../../src/runner/document/document-records';
import { fileChecksum } from '../../../src/runner/migration-checksum';
import { listMigrationFiles } from '../../../src/runner/migration-files';
import type { HistoryRow } from '../../../src/runner/run-history';

/**
 * The decisions of the document runner (MongoDB), as pure functions over migration files and history documents:
 * the states `migrate:status` reports, what `up` runs and where it resumes, what `down` takes back.
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-document-records-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function migration(name: string, version: string, steps = 2): void {
  const list = Array.from({ length: steps }, (_, i) => `{ name: 'step ${i + 1}', up: async () => {} }`).join(', ');
  fs.writeFileSync(
    path.join(dir, `${name}.ts`),
    `import { defineMongoMigration } from '@gati-framework/migrations-adapters/mongodb';\nexport default defineMongoMigration({ version: '${version}', steps: [${list}] });\n`,
  );
}

function run(name: string, fields: Partial<HistoryRow>): HistoryRow {
  return {
    id: `${name}-${fields.startedAt ?? ''}`,
    name,
    direction: 'up',
    version: null,
    checksum: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    outcome: 'success',
    stepsTotal: 2,
    stepsApplied: 2,
    failedStep: null,
    failedStepNumber: null,
    failedStepStatements: null,
    error: null,
    toolVersion: 'test',
    ...fields,
  };
}

function applied(name: string, at: string, checksum = fileChecksum(path.join(dir, `${name}.ts`))): DocumentHistoryEntry {
  return {
    name,
    version: null,
    appliedAt: at,
    checksum,
    steps: [
      { name: 'step 1', state: 'done' },
      { name: 'step 2', state: 'done' },
    ],
    runs: [run(name, { checksum, startedAt: at, finishedAt: at })],
  };
}

/** A migration that has runs in its history but was never applied. */
function neverApplied(name: string, lastRun: HistoryRow): DocumentHistoryEntry {
  return { name, version: null, appliedAt: null, checksum: null, steps: [], runs: [lastRun] };
}

function states(entries: DocumentHistoryEntry[]): Record<string, string> {
  const { records } = documentRecords(listMigrationFiles(dir), entries);
  return Object.fromEntries(records.map((r) => [r.name, r.state]));
}

describe('document history states', () => {
  it('reports files without a history document as pending, and applied ones as applied', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    migration('20260102000000_b', '2026-01-02T00:00:00Z');
    expect(states([applied('20260101000000_a', '2026-01-05T00:00:00.000Z')])).toEqual({
      '20260101000000_a': 'applied',
      '20260102000000_b': 'pending',
    });
  });

  it('reports an applied migration whose file was edited as modified, and one whose file is gone as missing', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    const entries = [
      applied('20260101000000_a', '2026-01-05T00:00:00.000Z'),
      applied('20251231000000_gone', '2026-01-04T00:00:00.000Z', 'g1:x'),
    ];
    fs.appendFileSync(path.join(dir, '20260101000000_a.ts'), 'console.log("edited");\n');
    expect(states(entries)).toEqual({ '20260101000000_a': 'modified', '20251231000000_gone': 'missing' });
  });

  it('does not call a comment-only edit a modification (the SQL checksum is reused)', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    const entries = [applied('20260101000000_a', '2026-01-05T00:00:00.000Z')];
    fs.appendFileSync(path.join(dir, '20260101000000_a.ts'), '// a note\n');
    expect(states(entries)).toEqual({ '20260101000000_a': 'applied' });
  });

  it('reports a migration whose last run failed after a step as failed, with the steps in effect', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 3);
    const entry = neverApplied(
      '20260101000000_a',
      run('20260101000000_a', {
        outcome: 'failed',
        stepsTotal: 3,
        stepsApplied: 1,
        failedStep: 'step 2',
        failedStepNumber: 2,
        error: 'boom',
      }),
    );
    const { records } = documentRecords(listMigrationFiles(dir), [entry]);
    expect(records[0]).toMatchObject({ state: 'failed', partial: { stepsApplied: 1, stepsTotal: 3 } });
    expect(resumeStep(records[0]!, 3)).toBe(1);
  });

  it('treats a run that died (still running) as failed, never unknown: up resumes at its first unfinished step', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 3);
    const entry = neverApplied(
      '20260101000000_a',
      run('20260101000000_a', {
        outcome: 'running',
        finishedAt: null,
        stepsTotal: 3,
        stepsApplied: 2,
        failedStepNumber: 3,
        failedStep: 'step 3',
      }),
    );
    const { records } = documentRecords(listMigrationFiles(dir), [entry]);
    expect(records[0]!.state).toBe('failed');
    expect(records[0]!.interrupted).toBeUndefined();
    expect(resumeStep(records[0]!, 3)).toBe(2);
  });

  it('refuses to resume a failed migration whose file now has fewer steps than were applied', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 1);
    const entry = neverApplied(
      '20260101000000_a',
      run('20260101000000_a', { outcome: 'failed', stepsTotal: 3, stepsApplied: 2, failedStepNumber: 3 }),
    );
    const { records } = documentRecords(listMigrationFiles(dir), [entry]);
    expect(() => resumeStep(records[0]!, 1)).toThrow(expect.objectContaining({ code: 'MIGRATION_MODIFIED' }) as unknown as GatiError);
  });

  it('lists every run of every migration oldest first', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    migration('20260102000000_b', '2026-01-02T00:00:00Z');
    const a = applied('20260101000000_a', '2026-01-05T00:00:00.000Z');
    const b = applied('20260102000000_b', '2026-01-03T00:00:00.000Z');
    const { history } = documentRecords(listMigrationFiles(dir), [a, b]);
    expect(history.map((h) => h.name)).toEqual(['20260102000000_b', '20260101000000_a']);
  });
});

describe('what up and down run', () => {
  it('runs pending migrations in version order (a parallel branch first when it is older), through --to', () => {
    migration('20260103000000_c', '2026-01-03T00:00:00Z');
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    // Named later, versioned earlier: written on a parallel branch.
    migration('20260104000000_b', '2026-01-02T00:00:00Z');
    const { records } = documentRecords(listMigrationFiles(dir), []);
    expect(documentUpQueue(records).map((r) => r.name)).toEqual(['20260101000000_a', '20260104000000_b', '20260103000000_c']);
    expect(documentUpQueue(records, '20260104000000_b').map((r) => r.name)).toEqual(['20260101000000_a', '20260104000000_b']);
  });

  it('takes back the newest applied migrations first, one by default, until --to, or all', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    migration('20260102000000_b', '2026-01-02T00:00:00Z');
    migration('20260103000000_c', '2026-01-03T00:00:00Z');
    const entries = [
      applied('20260101000000_a', '2026-01-05T00:00:00.000Z'),
      applied('20260102000000_b', '2026-01-06T00:00:00.000Z'),
      applied('20260103000000_c', '2026-01-07T00:00:00.000Z'),
    ];
    const { records } = documentRecords(listMigrationFiles(dir), entries);
    expect(documentDownQueue(records, {}).map((r) => r.name)).toEqual(['20260103000000_c']);
    expect(documentDownQueue(records, { count: 2 }).map((r) => r.name)).toEqual(['20260103000000_c', '20260102000000_b']);
    expect(documentDownQueue(records, { keep: '20260101000000_a' }).map((r) => r.name)).toEqual(['20260103000000_c', '20260102000000_b']);
    expect(documentDownQueue(records, { keep: null })).toHaveLength(3);
  });

  it('takes back a half-applied migration first, only the steps of it in effect', () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z');
    migration('20260102000000_b', '2026-01-02T00:00:00Z', 3);
    const half: DocumentHistoryEntry = {
      name: '20260102000000_b',
      version: null,
      appliedAt: null,
      checksum: null,
      steps: [],
      runs: [
        run('20260102000000_b', {
          startedAt: '2026-01-06T00:00:00.000Z',
          outcome: 'failed',
          stepsTotal: 3,
          stepsApplied: 2,
          failedStepNumber: 3,
        }),
      ],
    };
    const { records } = documentRecords(listMigrationFiles(dir), [applied('20260101000000_a', '2026-01-05T00:00:00.000Z'), half]);
    const queue = documentDownQueue(records, { count: 1 });
    expect(queue.map((r) => r.name)).toEqual(['20260102000000_b']);
    expect(stepsInEffect(queue[0]!, 3)).toBe(2);
    expect(
      stepsInEffect(
        records.find((r) => r.name === '20260101000000_a')!,
        2,
      ),
    ).toBe(2);
  });
});
