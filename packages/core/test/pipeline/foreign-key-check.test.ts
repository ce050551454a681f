import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateMigration, migrateUp } from '../../src/api';
import { resolveConfig } from '../../src/config';
import { MigrationFailedError } from '../../src/errors';
import { appliedNames, insertRows, withSqlite } from './sqlite-state';

/**
 * SQLite migrations run with `PRAGMA foreign_keys = OFF` (the table rebuild needs it), so nothing checks a foreign
 * key that a rebuild adds. SQLite's own procedure ends the rebuild with `PRAGMA foreign_key_check`
 * (https://www.sqlite.org/lang_altertable.html#otheralter, step 10), as Prisma's SQLite migrations do; without
 * it, adding `@references` to a table that holds orphan rows succeeds and leaves the database inconsistent.
 */
const FIXTURE = path.join(__dirname, '../golden/fixtures/add-foreign-key-cascade');

describe('adding a foreign key on SQLite to a table with orphan rows', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-fk-check-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // The adapter's checkIntegrity (PRAGMA foreign_key_check) runs inside each migration's transaction.
  it('fails the migration and rolls it back instead of committing rows that break the new key', async () => {
    const config = (file: string) =>
      resolveConfig(
        { adapter: 'sqlite', connection: { filename: 'db.sqlite' }, directory: 'migrations', entities: [path.join(FIXTURE, file)] },
        { root },
      );
    await generateMigration(config('before.ts'), { now: new Date('2024-01-15T10:00:00Z') });
    await migrateUp(config('before.ts'));
    const dbFile = config('before.ts').connection.filename as string;
    insertRows(dbFile, { authors: [{ id: 1, name: 'Ada' }], books: [{ id: 1, author_id: 99, title: 'Orphan' }] });

    const second = await generateMigration(config('after.ts'), { now: new Date('2024-02-20T12:30:00Z') });
    await expect(migrateUp(config('after.ts'))).rejects.toThrow(MigrationFailedError);
    await expect(migrateUp(config('after.ts'))).rejects.toThrow(/books row 1 references a missing authors row/);
    expect(appliedNames(dbFile)).not.toContain(second.name);
    withSqlite(dbFile, (db) => expect(db.prepare('PRAGMA foreign_key_list(books)').all()).toEqual([]));
  });
});
