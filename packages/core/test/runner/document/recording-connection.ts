import type { DocumentConnection, DocumentHistoryEntry, DocumentLock, DocumentStepRun } from '../../../src/adapter/document-runtime';
import { LockTimeoutError } from '../../../src/errors';
import type { DocumentMigrationStep } from '../../../src/migration/define-document-migration';

/**
 * A DocumentConnection for the core's tests: history documents in a Map, steps run against a plain object
 * (`{ log, fail }`) with a context that can save batch progress. It stands for no database (MongoDB's behaviour
 * is tested by the server suite), only for the interface the core talks to.
 */
export interface Target {
  readonly log: string[];
  fail?: string;
}

export class RecordingConnection implements DocumentConnection {
  readonly documents = new Map<string, DocumentHistoryEntry>();
  readonly target: Target = { log: [] };
  readonly runs: DocumentStepRun[] = [];
  leaseLost = false;

  readonly history = {
    read: async () => [...this.documents.values()].map((d) => structuredClone(d)),
    save: async (entry: Omit<DocumentHistoryEntry, 'progress'>, options: { clearProgress?: boolean } = {}) => {
      const progress = options.clearProgress ? undefined : this.documents.get(entry.name)?.progress;
      this.documents.set(entry.name, structuredClone({ ...entry, ...(progress ? { progress } : {}) }));
    },
  };

  async acquireLock(): Promise<DocumentLock> {
    return {
      assertHeld: async () => {
        if (this.leaseLost) throw new LockTimeoutError('lease lost');
      },
      release: async () => undefined,
    };
  }

  /** What lockHeld answers: whether another deployer holds the lock. */
  held = false;

  async lockHeld(): Promise<boolean> {
    return this.held;
  }

  async runStep(step: DocumentMigrationStep, run: DocumentStepRun): Promise<void> {
    this.runs.push(run);
    const work = run.direction === 'up' ? step.up : step.down!;
    await work(this.target, {
      saveProgress: (value: unknown) => {
        const entry = this.documents.get(run.migration)!;
        this.documents.set(run.migration, { ...entry, progress: { ...entry.progress, [`${run.direction}${run.stepNumber}_0`]: value } });
      },
      progress: run.progress,
    });
  }

  async close(): Promise<void> {}
}
