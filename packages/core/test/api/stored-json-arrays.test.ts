import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateMigration } from '../../src/api';
import { resolveConfig } from '../../src/config';

/**
 * A snapshot written before arrays of scalars had a type of their own has `json` for a `string[]`. Where the
 * dialect stores both alike (SQLite's text, MySQL's json), generating finds nothing to do; on PostgreSQL the column
 * becomes a native array, converted element by element.
 */
describe('generate: a json column of an older snapshot that the entity types now read as an array', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-json-arrays-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'post.ts'), 'export interface Post {\n  id: number;\n  tags: string[];\n}\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const config = (adapter: 'sqlite' | 'mysql' | 'postgresql') =>
    resolveConfig(
      {
        adapter,
        connection: adapter === 'sqlite' ? { filename: 'db.sqlite' } : { url: `${adapter}://localhost/app` },
        directory: 'migrations',
        entities: ['src/post.ts'],
      },
      { root },
    );

  /** The first migration, its snapshot rewritten as an older version wrote it (`tags` as json). */
  async function olderSnapshot(adapter: 'sqlite' | 'mysql' | 'postgresql'): Promise<void> {
    const first = await generateMigration(config(adapter), { now: new Date('2024-01-15T10:00:00Z') });
    const text = fs.readFileSync(first.snapshotFile!, 'utf8');
    const older = text.replace(/\{\s*"kind": "array",\s*"element": \{\s*"kind": "text"\s*\}\s*\}/, '{ "kind": "json" }');
    expect(older).not.toBe(text);
    fs.writeFileSync(first.snapshotFile!, older);
  }

  it.each(['sqlite', 'mysql'] as const)('on %s, where both are stored alike, finds nothing to do', async (adapter) => {
    await olderSnapshot(adapter);
    const again = await generateMigration(config(adapter), { dryRun: true });
    expect({ status: again.status, steps: again.steps }).toEqual({ status: 'unchanged', steps: { up: [], down: [] } });
  });

  it('on PostgreSQL, converts the jsonb column to text[], element by element', async () => {
    await olderSnapshot('postgresql');
    const again = await generateMigration(config('postgresql'), { dryRun: true });
    expect(again.steps.up[0]).toBe('convert posts.tags from json to text[] (add column, fill it with postsTagsToText, drop, rename)');
    expect(again.code).toContain('jsonb_array_elements_text');
  });
});
