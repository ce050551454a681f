import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DocumentAdapter } from '../../src/adapter';
import { migrateDown, migrateToVersion, migrateUp, migrationStatus, repairMigrations } from '../../src/api';
import { type ResolvedConfig, resolveConfig } from '../../src/config';
import { SqliteDocumentConnection, removeDatabases } from '../runner/document/sqlite-document-connection';

afterAll(removeDatabases);

/**
 * The public API entry points on a document database: up, down, status (the SQL report's shape), repair and
 * migrateToVersion dispatch to the document runner, through a custom document adapter whose connection keeps its
 * history documents in a SQLite file (see SqliteDocumentConnection: a custom document adapter, not MongoDB).
 */

let dir: string;
let connection: SqliteDocumentConnection;
let config: ResolvedConfig;

function adapter(): DocumentAdapter {
  return {
    family: 'document',
    name: 'sqlitedocs',
    describeTarget: () => 'sqlitedocs',
    connect: async () => connection,
    recordStep: async (step, direction) => [`${direction} ${step.name}`],
    // These tests run hand-written migrations only: the adapter plans nothing.
    planDocumentMigration: () => {
      throw new Error('sqlitedocs plans no migrations');
    },
    migrationTemplates: { migration: '', empty: '' },
  };
}

function migration(name: string, version: string, extra = ''): void {
  fs.writeFileSync(
    path.join(dir, 'migrations', `${name}.ts`),
    `import { defineDocumentMigration } from '@gati-framework/migrations';
export default defineDocumentMigration({
  version: '${version}',
  steps: [
    { name: 'only step', up: async (db: any) => { db.log.push('up ${name}'); }, down: async (db: any) => { db.log.push('down ${name}'); } },
  ],${extra}
});
`,
  );
}

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gati-document-api-')));
  fs.mkdirSync(path.join(dir, 'migrations'));
  connection = new SqliteDocumentConnection();
  config = resolveConfig({ adapter: adapter() }, { root: dir });
  migration('20260101000000_a', '2026-01-01T00:00:00Z');
  migration('20260102000000_b', '2026-01-02T00:00:00Z');
  migration('20260103000000_c', '2026-01-03T00:00:00Z');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the API on a document database', () => {
  it('up applies, status reports the same shape as on SQL, --check would pass', async () => {
    expect(config.family).toBe('document');
    const before = await migrationStatus(config);
    expect(before.counts).toMatchObject({ pending: 3, applied: 0 });
    expect(before.needsAttention).toBe(true);
    const { applied } = await migrateUp(config);
    expect(applied.map((r) => r.name)).toEqual(['20260101000000_a', '20260102000000_b', '20260103000000_c']);
    const after = await migrationStatus(config);
    expect(after.needsAttention).toBe(false);
    expect(after.migrations[0]).toEqual({
      name: '20260101000000_a',
      version: '2026-01-01T00:00:00Z',
      state: 'applied',
      appliedAt: expect.any(String),
      file: path.join(dir, 'migrations', '20260101000000_a.ts'),
    });
    expect(after.history).toHaveLength(3);
    expect(after.history[0]).toMatchObject({ direction: 'up', outcome: 'success', stepsTotal: 1, stepsApplied: 1 });
  });

  it('up --to stops after a version; down --steps, --to and --all roll back; migrateToVersion goes either way', async () => {
    await migrateUp(config, { to: '2026-01-02T00:00:00Z' });
    expect(connection.target.log).toEqual(['up 20260101000000_a', 'up 20260102000000_b']);
    await migrateUp(config);
    expect((await migrateDown(config, { steps: 2 })).rolledBack.map((r) => r.name)).toEqual(['20260103000000_c', '20260102000000_b']);
    await migrateUp(config);
    expect((await migrateDown(config, { to: '20260101000000_a' })).rolledBack.map((r) => r.name)).toEqual([
      '20260103000000_c',
      '20260102000000_b',
    ]);
    await expect(migrateDown(config, { to: '20260103000000_c' })).rejects.toMatchObject({ code: 'TARGET_NOT_APPLIED' });
    await expect(migrateDown(config, { steps: 1, all: true })).rejects.toMatchObject({ code: 'USAGE' });
    expect(await migrateToVersion(config, '2026-01-03T00:00:00Z')).toEqual({ direction: 'up' });
    expect(await migrateToVersion(config, '20260102000000_b')).toEqual({ direction: 'down' });
    expect(await migrateToVersion(config, '20260102000000_b')).toEqual({ direction: 'none' });
    expect((await migrationStatus(config)).counts).toMatchObject({ applied: 2, pending: 1 });
    await migrateDown(config, { all: true });
    expect((await migrationStatus(config)).counts).toMatchObject({ applied: 0, pending: 3 });
  });

  it('an edited applied file is modified: up refuses, repair accepts it; repair --rolled-back / --applied mark migrations', async () => {
    await migrateUp(config, { to: '20260101000000_a' });
    fs.appendFileSync(path.join(dir, 'migrations', '20260101000000_a.ts'), 'export const edited = 1;\n');
    const status = await migrationStatus(config);
    expect(status.migrations[0]).toMatchObject({
      state: 'modified',
      checksum: { accepted: expect.any(String), current: expect.any(String) },
    });
    await expect(migrateUp(config)).rejects.toMatchObject({ code: 'MIGRATION_MODIFIED' });
    const repaired = await repairMigrations(config);
    expect(repaired.accepted.map((a) => a.name)).toEqual(['20260101000000_a']);
    expect((await migrationStatus(config)).migrations[0]!.state).toBe('applied');

    const marked = await repairMigrations(config, { names: ['20260102000000_b'], mark: 'applied' });
    expect(marked.marked).toEqual([{ name: '20260102000000_b', as: 'applied', was: 'pending' }]);
    await repairMigrations(config, { names: ['20260101000000_a'], mark: 'rolled-back' });
    const states = (await migrationStatus(config)).migrations.map((m) => [m.name, m.state]);
    expect(states).toEqual([
      ['20260101000000_a', 'pending'],
      ['20260102000000_b', 'applied'],
      ['20260103000000_c', 'pending'],
    ]);
    expect((await migrationStatus(config)).history.filter((h) => h.direction === 'repair')).toHaveLength(3);
    expect(connection.target.log).toEqual(['up 20260101000000_a']);
  });

  it('up --dry-run lists the recorded commands of what is pending and runs nothing', async () => {
    await migrateUp(config, { to: '20260101000000_a' });
    const { planned } = await migrateUp(config, { dryRun: true });
    expect(planned).toEqual([
      { name: '20260102000000_b', sql: [], commands: ['// only step', 'up only step'] },
      { name: '20260103000000_c', sql: [], commands: ['// only step', 'up only step'] },
    ]);
    expect(connection.target.log).toEqual(['up 20260101000000_a']);
  });

  it('status tells a run that died from one going on now (the lock is held)', async () => {
    await migrateUp(config, { to: '20260101000000_a' });
    const entry = connection.documents.get('20260101000000_a')!;
    const running = {
      ...entry.runs[0]!,
      id: 'now',
      direction: 'up' as const,
      outcome: 'running' as const,
      finishedAt: null,
      stepsApplied: 0,
    };
    connection.documents.set('20260102000000_b', {
      ...entry,
      name: '20260102000000_b',
      appliedAt: null,
      runs: [{ ...running, name: '20260102000000_b' }],
    });
    const dead = (await migrationStatus(config)).migrations[1]!;
    expect(dead).toMatchObject({ state: 'failed', failure: { error: 'the run stopped before it finished (the process ended)' } });
    connection.held = true;
    const report = await migrationStatus(config);
    expect(report.lockHeld).toBe(true);
    expect(report.migrations[1]!.failure!.error).toBe('the run is still going on: a deployer holds the migration lock');
  });

  it('status --drift and the SQL-only commands say NOT_SUPPORTED', async () => {
    await expect(migrationStatus(config, { drift: true })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});
