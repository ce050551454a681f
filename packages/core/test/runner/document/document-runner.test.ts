import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LockTimeoutError } from '../../../src/errors';
import { applyDocumentPending, readDocumentState, rollBackDocuments } from '../../../src/runner/document/document-runner';
import { listMigrationFiles } from '../../../src/runner/migration-files';
import { SqliteDocumentConnection, removeDatabases } from './sqlite-document-connection';

afterAll(removeDatabases);

/**
 * The document runner's bookkeeping, over the neutral DocumentConnection interface: what it writes to the history
 * documents, where it resumes, what it refuses. SqliteDocumentConnection is a small custom document adapter: history
 * documents and the lock in a SQLite file, steps that log what they do there (MongoDB's own behaviour is tested by
 * the server suite).
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-document-runner-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A migration of steps `<prefix>1…n`, each logging itself, failing when `target.fail` names it. */
function migration(name: string, version: string, steps: number, extra = ''): void {
  const list = Array.from(
    { length: steps },
    (_, i) => `{
      name: 'step ${i + 1}',
      up: async (db: any, ctx: any) => {
        if (db.fail === '${name}:${i + 1}') { ctx.saveProgress(41); throw new Error('boom in ${i + 1}'); }
        db.log.push('up ${name}:${i + 1}' + (ctx.progress['up${i + 1}_0'] !== undefined ? ' from ' + ctx.progress['up${i + 1}_0'] : ''));
      },
      down: async (db: any) => { db.log.push('down ${name}:${i + 1}'); },
    }`,
  );
  fs.writeFileSync(
    path.join(dir, `${name}.ts`),
    `import { defineDocumentMigration } from '@gati-framework/migrations';\nexport default defineDocumentMigration({ version: '${version}', steps: [${list.join(', ')}]${extra} });\n`,
  );
}

async function context(connection: SqliteDocumentConnection) {
  return {
    connection,
    lock: await connection.acquireLock(),
    files: listMigrationFiles(dir),
    adapterName: 'testdb',
    toolVersion: 'test',
  };
}

async function stateOf(connection: SqliteDocumentConnection): Promise<Record<string, string>> {
  const { records } = await readDocumentState(connection, listMigrationFiles(dir));
  return Object.fromEntries(records.map((r) => [r.name, r.state]));
}

describe('the document runner', () => {
  it('applies pending migrations step by step, records each, and finds nothing to do the second time', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 2);
    migration('20260102000000_b', '2026-01-02T00:00:00Z', 1);
    const connection = new SqliteDocumentConnection();
    const runs = await applyDocumentPending(await context(connection));
    expect(runs.map((r) => r.name)).toEqual(['20260101000000_a', '20260102000000_b']);
    expect(connection.target.log).toEqual(['up 20260101000000_a:1', 'up 20260101000000_a:2', 'up 20260102000000_b:1']);
    const entry = connection.documents.get('20260101000000_a')!;
    expect(entry.appliedAt).not.toBeNull();
    expect(entry.steps.map((s) => s.state)).toEqual(['done', 'done']);
    expect(entry.runs.map((r) => [r.direction, r.outcome, r.stepsApplied])).toEqual([['up', 'success', 2]]);
    expect(await stateOf(connection)).toEqual({ '20260101000000_a': 'applied', '20260102000000_b': 'applied' });
    expect(await applyDocumentPending(await context(connection))).toEqual([]);
  });

  it('records a failing step (name, number, error), then resumes at it with its saved batch progress', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 3);
    const connection = new SqliteDocumentConnection();
    connection.target.fail = '20260101000000_a:2';
    await expect(applyDocumentPending(await context(connection))).rejects.toThrow(
      /Migration 20260101000000_a failed \(up, at step 2 of 3 \(step 2\)\): (Error: )?boom in 2/,
    );
    const failed = connection.documents.get('20260101000000_a')!;
    expect(failed.steps.map((s) => s.state)).toEqual(['done', 'failed', 'pending']);
    expect(failed.runs.at(-1)).toMatchObject({ outcome: 'failed', failedStep: 'step 2', failedStepNumber: 2, stepsApplied: 1 });
    expect(failed.runs.at(-1)!.error).toContain('boom in 2');
    expect(failed.progress).toEqual({ up2_0: 41 });
    expect(await stateOf(connection)).toEqual({ '20260101000000_a': 'failed' });

    delete connection.target.fail;
    const warnings: string[] = [];
    const runs = await applyDocumentPending({ ...(await context(connection)), onWarning: (m) => warnings.push(m) });
    expect(runs).toEqual([expect.objectContaining({ name: '20260101000000_a', resumedAt: 2 })]);
    expect(connection.target.log).toEqual(['up 20260101000000_a:1', 'up 20260101000000_a:2 from 41', 'up 20260101000000_a:3']);
    expect(warnings).toEqual([
      '20260101000000_a failed at step 2 of 3 in an earlier run; continuing from there.',
      '20260101000000_a: step 2 stopped half-way in an earlier run; it goes on after the last batch that run saved.',
    ]);
    expect(connection.documents.get('20260101000000_a')!.progress).toBeUndefined();
    expect(await stateOf(connection)).toEqual({ '20260101000000_a': 'applied' });
  });

  it('stops before the next step when the lock lease was lost', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 2);
    const connection = new SqliteDocumentConnection();
    const ctx = await context(connection);
    let checks = 0;
    const lock: typeof ctx.lock = {
      assertHeld: async () => {
        checks += 1;
        if (checks === 2) throw new LockTimeoutError('lease lost');
      },
      release: async () => undefined,
    };
    await expect(applyDocumentPending({ ...ctx, lock })).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(connection.target.log).toEqual(['up 20260101000000_a:1']);
  });

  it('applies a migration written on a parallel branch (older than one applied), saying so', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 1);
    migration('20260103000000_c', '2026-01-03T00:00:00Z', 1);
    const connection = new SqliteDocumentConnection();
    await applyDocumentPending(await context(connection));
    migration('20260102000000_b', '2026-01-02T00:00:00Z', 1);
    const warnings: string[] = [];
    await applyDocumentPending({ ...(await context(connection)), onWarning: (m) => warnings.push(m) });
    expect(connection.target.log.at(-1)).toBe('up 20260102000000_b:1');
    expect(warnings).toEqual([expect.stringContaining('20260102000000_b (version 2026-01-02T00:00:00Z) is older than 20260103000000_c')]);
  });

  it('refuses to start while an applied file was edited', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 1);
    const connection = new SqliteDocumentConnection();
    await applyDocumentPending(await context(connection));
    fs.appendFileSync(path.join(dir, '20260101000000_a.ts'), 'export const edited = true;\n');
    migration('20260102000000_b', '2026-01-02T00:00:00Z', 1);
    await expect(applyDocumentPending(await context(connection))).rejects.toMatchObject({ code: 'MIGRATION_MODIFIED' });
    expect(connection.target.log).toEqual(['up 20260101000000_a:1']);
  });

  it('rolls back the last migration, its steps in reverse, and it is pending again', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 1);
    migration('20260102000000_b', '2026-01-02T00:00:00Z', 2);
    const connection = new SqliteDocumentConnection();
    await applyDocumentPending(await context(connection));
    const runs = await rollBackDocuments(await context(connection), { count: 1 });
    expect(runs.map((r) => [r.name, r.direction])).toEqual([['20260102000000_b', 'down']]);
    expect(connection.target.log.slice(-2)).toEqual(['down 20260102000000_b:2', 'down 20260102000000_b:1']);
    expect(await stateOf(connection)).toEqual({ '20260101000000_a': 'applied', '20260102000000_b': 'pending' });
  });

  it('refuses a down that loses data without allowDataLoss, and runs it with it', async () => {
    migration('20260101000000_a', '2026-01-01T00:00:00Z', 1, ", dataLoss: { down: ['drops users.email'] }");
    const connection = new SqliteDocumentConnection();
    await applyDocumentPending(await context(connection));
    await expect(rollBackDocuments(await context(connection), { count: 1 })).rejects.toMatchObject({
      code: 'DECISION_REQUIRED',
      message: expect.stringContaining('drops users.email'),
    });
    expect(await stateOf(connection)).toEqual({ '20260101000000_a': 'applied' });
    await rollBackDocuments(await context(connection), { count: 1, allowDataLoss: true });
    expect(await stateOf(connection)).toEqual({ '20260101000000_a': 'pending' });
  });

  it('refuses a SQL migration file in a document project with MIGRATION_INVALID', async () => {
    fs.writeFileSync(
      path.join(dir, '20260101000000_sql.ts'),
      "import { defineMigration } from '@gati-framework/migrations';\nexport default defineMigration({ version: '2026-01-01T00:00:00Z', up: async () => {} });\n",
    );
    const connection = new SqliteDocumentConnection();
    await expect(applyDocumentPending(await context(connection))).rejects.toMatchObject({
      code: 'MIGRATION_INVALID',
      message: expect.stringContaining('is a SQL migration (defineMigration), but this project'),
    });
  });
});
