import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentConnection, DocumentHistoryEntry, DocumentLock, DocumentStepRun } from '../../../src/adapter/document-runtime';
import { LockTimeoutError } from '../../../src/errors';
import type { DocumentMigrationStep } from '../../../src/migration/define-document-migration';

/**
 * The connection of a small custom document adapter over a SQLite file, for the core's tests of the document
 * runner: history documents are JSON rows of a `history` table, the lock is a row of `lock`, and what the steps
 * do is written to a `step_log` table. It shows that the core's document side works through the interface
 * with any store behind it; MongoDB's own behaviour is tested by the server suite.
 */
export class SqliteDocumentConnection implements DocumentConnection {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-document-connection-'));
  private readonly db = new Database(path.join(this.dir, 'documents.sqlite'));
  private readonly holder = `runner-${process.pid}`;
  readonly runs: DocumentStepRun[] = [];

  constructor() {
    opened.push({ dir: this.dir, db: this.db });
    this.db.exec(`
      create table history (name text primary key, document text not null);
      create table lock (id integer primary key check (id = 1), holder text not null);
      create table step_log (seq integer primary key autoincrement, line text not null);
    `);
  }

  /** The history documents as stored, by migration name; `set` writes one as another deployer would. */
  readonly documents = {
    get: (name: string): DocumentHistoryEntry | undefined => {
      const row = this.db.prepare('select document from history where name = ?').get(name) as { document: string } | undefined;
      return row ? (JSON.parse(row.document) as DocumentHistoryEntry) : undefined;
    },
    set: (name: string, entry: DocumentHistoryEntry): void => {
      this.db.prepare('insert or replace into history (name, document) values (?, ?)').run(name, JSON.stringify(entry));
    },
  };

  /** What the steps did (`log`), and the step that throws when run (`fail`: `<migration>:<step number>`). */
  readonly target: { readonly log: string[]; fail?: string } = (() => {
    const read = () => (this.db.prepare('select line from step_log order by seq').all() as { line: string }[]).map((r) => r.line);
    return {
      get log() {
        return read();
      },
    };
  })();

  readonly history = {
    read: async (): Promise<DocumentHistoryEntry[]> =>
      (this.db.prepare('select document from history order by name').all() as { document: string }[]).map(
        (r) => JSON.parse(r.document) as DocumentHistoryEntry,
      ),
    save: async (entry: Omit<DocumentHistoryEntry, 'progress'>, options: { clearProgress?: boolean } = {}) => {
      const progress = options.clearProgress ? undefined : this.documents.get(entry.name)?.progress;
      this.documents.set(entry.name, { ...entry, ...(progress ? { progress } : {}) });
    },
  };

  /** True: another deployer holds the lock (its row is there); false: nobody does. */
  set held(value: boolean) {
    if (value) this.db.prepare('insert or replace into lock (id, holder) values (1, ?)').run('another deployer');
    else this.db.prepare('delete from lock').run();
  }

  /** True: this runner's lease is gone (its row deleted), as when it expired. */
  set leaseLost(value: boolean) {
    if (value) this.db.prepare('delete from lock where holder = ?').run(this.holder);
  }

  async acquireLock(): Promise<DocumentLock> {
    const holder = (this.db.prepare('select holder from lock').get() as { holder: string } | undefined)?.holder;
    if (holder && holder !== this.holder) throw new LockTimeoutError(`the lock is held by ${holder}`);
    this.db.prepare('insert or replace into lock (id, holder) values (1, ?)').run(this.holder);
    return {
      assertHeld: async () => {
        if (!this.db.prepare('select 1 from lock where holder = ?').get(this.holder)) throw new LockTimeoutError('lease lost');
      },
      release: async () => {
        this.db.prepare('delete from lock where holder = ?').run(this.holder);
      },
    };
  }

  async lockHeld(): Promise<boolean> {
    const holder = (this.db.prepare('select holder from lock').get() as { holder: string } | undefined)?.holder;
    return holder !== undefined && holder !== this.holder;
  }

  async runStep(step: DocumentMigrationStep, run: DocumentStepRun): Promise<void> {
    this.runs.push(run);
    const work = run.direction === 'up' ? step.up : step.down!;
    const target = this.target;
    const stepTarget = {
      log: { push: (line: string) => this.db.prepare('insert into step_log (line) values (?)').run(line) },
      get fail() {
        return target.fail;
      },
    };
    await work(stepTarget, {
      saveProgress: (value: unknown) => {
        const entry = this.documents.get(run.migration)!;
        this.documents.set(run.migration, { ...entry, progress: { ...entry.progress, [`${run.direction}${run.stepNumber}_0`]: value } });
      },
      progress: run.progress,
    });
  }

  /** The runner closes its connection after each command; the file stays for the next (see removeDatabases). */
  async close(): Promise<void> {}
}

const opened: { dir: string; db: Database.Database }[] = [];

/** Closes and removes every database file made so far (a test file's afterAll). */
export function removeDatabases(): void {
  for (const { dir, db } of opened.splice(0)) {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
