import type { ConnectionOptions } from './adapter';
import type { DocumentMigrationStep } from '../migration/define-document-migration';
import type { HistoryRow } from '../runner/run-history';

/**
 * The run side of a document adapter (MongoDB): opens a connection (its history store, its lock, a way to run
 * one step with the adapter's step context), and records what a step would send for `--dry-run`. The core
 * decides what runs (pending, resumed, rolled back: see runner/document) and keeps the history through it.
 */
export interface DocumentRuntime {
  /**
   * Connects and checks that the server answers and is recent enough; a ConnectionError (CONNECTION_FAILED)
   * otherwise, naming the target and never its password.
   */
  connect(connection: ConnectionOptions, options: DocumentConnectOptions): Promise<DocumentConnection>;
  /**
   * The commands a step would send, one line each, recorded without a server (`migrate:up --dry-run`): the
   * step runs against a recording stand-in of the driver.
   */
  recordStep(step: DocumentMigrationStep, direction: 'up' | 'down', options: DocumentConnectOptions): Promise<readonly string[]>;
}

/** What a document connection is opened for: where the history and the lock live, how large a batch is. */
export interface DocumentConnectOptions {
  /** `tableName` of the config: the history collection; the lock is `<tableName>_lock`. */
  readonly tableName: string;
  /** Documents per batch of a batched data step (`backfill.batchSize`). */
  readonly batchSize: number;
}

/** An open connection to a document database, for one command. */
export interface DocumentConnection {
  readonly history: DocumentHistoryStore;
  /** Takes the migration lock, waiting up to `timeoutMs` for another holder (LOCK_TIMEOUT after that). */
  acquireLock(options: { readonly timeoutMs: number }): Promise<DocumentLock>;
  /** Whether another deployer holds the lock now (its lease has not expired). */
  lockHeld(): Promise<boolean>;
  /** Runs one step's `up` or `down` (`run.direction`) with the adapter's step context; throws what the step throws. */
  runStep(step: DocumentMigrationStep, run: DocumentStepRun): Promise<void>;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}

/** A held migration lock with a lease the adapter keeps renewing. */
export interface DocumentLock {
  /** Throws (LOCK_TIMEOUT) when the lease was lost (it expired, another deployer took the lock): checked before each step. */
  assertHeld(): Promise<void>;
  /** Gives the lock back; idempotent. */
  release(): Promise<void>;
}

/** Which step runs, for the step context (its batch progress is saved under the migration and the step). */
export interface DocumentStepRun {
  readonly migration: string;
  /** 1 is the first step. */
  readonly stepNumber: number;
  readonly direction: 'up' | 'down';
  /** Batch progress an earlier, failed run of this step saved (see DocumentHistoryEntry.progress). */
  readonly progress: Readonly<Record<string, unknown>>;
}

/** Where one step of a migration stands, as its history document records it. */
export type DocumentStepState = 'pending' | 'running' | 'done' | 'failed';

/**
 * The history of one migration, one document per migration: its steps and their state, its runs (the same rows
 * as the SQL history, so status and `--json` look the same), when it was applied and with what checksum.
 */
export interface DocumentHistoryEntry {
  readonly name: string;
  readonly version: string | null;
  /** ISO timestamp; null when not applied (never, rolled back, or a down undid some of its steps). */
  readonly appliedAt: string | null;
  /** The checksum accepted for the file (its last successful up, or a repair). */
  readonly checksum: string | null;
  readonly steps: readonly { readonly name: string; readonly state: DocumentStepState; readonly error?: string | null }[];
  /** Every run of the migration, oldest first. */
  readonly runs: readonly HistoryRow[];
  /**
   * Batch progress of the step that is running or failed, written by the adapter as each batch completes (the
   * last `_id` done, by helper call), cleared when the step completes. The core passes it back on a rerun.
   */
  readonly progress?: Readonly<Record<string, unknown>>;
}

/** Reads and writes the history documents. */
export interface DocumentHistoryStore {
  /** Every migration's history document. */
  read(): Promise<DocumentHistoryEntry[]>;
  /**
   * Writes a migration's history document (creates it), leaving its batch progress as it is, or clearing it with
   * `clearProgress`.
   */
  save(entry: Omit<DocumentHistoryEntry, 'progress'>, options?: { readonly clearProgress?: boolean }): Promise<void>;
}
