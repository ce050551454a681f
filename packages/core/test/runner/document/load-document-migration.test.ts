import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDocumentMigration } from '../../../src/runner/document/load-document-migration';
import { loadMigration } from '../../../src/runner/load-migration';

/** A migration file of the other family (SQL in a MongoDB project, or the reverse) is a clear MIGRATION_INVALID. */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-load-document-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): { name: string; file: string } {
  const file = path.join(dir, `${name}.ts`);
  fs.writeFileSync(file, text);
  return { name, file };
}

const DOCUMENT =
  "import { defineDocumentMigration } from '@gati-framework/migrations';\nexport default defineDocumentMigration({ version: '2026-01-01T00:00:00Z', steps: [{ name: 'a', up: async () => {} }] });\n";
const SQL =
  "import { defineMigration } from '@gati-framework/migrations';\nexport default defineMigration({ version: '2026-01-01T00:00:00Z', up: async () => {} });\n";

describe('loading migration files by family', () => {
  it('loads a document migration in a document project', async () => {
    const loaded = await loadDocumentMigration(write('20260101000000_doc', DOCUMENT), 'mongodb');
    expect(loaded.steps.map((s) => s.name)).toEqual(['a']);
  });

  it('refuses a SQL migration in a document project, naming the file and what to write instead', async () => {
    await expect(loadDocumentMigration(write('20260101000000_sql', SQL), 'mongodb')).rejects.toMatchObject({
      code: 'MIGRATION_INVALID',
      message:
        "20260101000000_sql.ts is a SQL migration (defineMigration), but this project's database is mongodb: write it with defineMongoMigration.",
    });
  });

  it('refuses a document migration in a SQL project', async () => {
    await expect(loadMigration(write('20260101000000_doc', DOCUMENT))).rejects.toMatchObject({
      code: 'MIGRATION_INVALID',
      message: expect.stringContaining(
        "20260101000000_doc.ts is a document (MongoDB) migration, made with defineMongoMigration, but this project's database is a SQL one",
      ),
    });
  });

  it('refuses a document migration without steps', async () => {
    const empty =
      "import { defineDocumentMigration } from '@gati-framework/migrations';\nexport default defineDocumentMigration({ version: '2026-01-01T00:00:00Z', steps: [] });\n";
    await expect(loadDocumentMigration(write('20260101000000_empty', empty), 'mongodb')).rejects.toMatchObject({
      code: 'MIGRATION_INVALID',
      message: '20260101000000_empty.ts is not a valid migration: its steps must be a non-empty array.',
    });
  });
});
