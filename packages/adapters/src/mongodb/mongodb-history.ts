import type { DocumentHistoryEntry, DocumentHistoryStore, HistoryRow } from '@gati-framework/migrations';
import type { ClientSession, Db, Document } from 'mongodb';

/**
 * A migration's history document in the `<tableName>` collection, `_id` the migration's name: its steps and
 * their state, every run (times as dates), the accepted checksum, and the batch progress of a step that stopped.
 */
interface HistoryDocument {
  _id: string;
  name: string;
  version: string | null;
  appliedAt: Date | null;
  checksum: string | null;
  steps: { name: string; state: string; error?: string | null }[];
  runs: (Omit<HistoryRow, 'startedAt' | 'finishedAt'> & { startedAt: Date; finishedAt: Date | null })[];
  progress?: Record<string, unknown>;
}

/** The history documents of a MongoDB database, in the collection named after `tableName`. */
export class MongodbHistoryStore implements DocumentHistoryStore {
  constructor(
    private readonly db: Db,
    private readonly collection: string,
  ) {}

  async read(): Promise<DocumentHistoryEntry[]> {
    const documents = await this.db.collection<HistoryDocument>(this.collection).find({}).toArray();
    return documents.map((d) => ({
      name: d.name ?? d._id,
      version: d.version ?? null,
      appliedAt: d.appliedAt ? new Date(d.appliedAt).toISOString() : null,
      checksum: d.checksum ?? null,
      steps: (d.steps ?? []).map((s) => ({
        name: s.name,
        state: s.state as DocumentHistoryEntry['steps'][number]['state'],
        error: s.error ?? null,
      })),
      runs: (d.runs ?? []).map((run) => ({
        ...run,
        startedAt: new Date(run.startedAt).toISOString(),
        finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
      })),
      ...(d.progress ? { progress: d.progress } : {}),
    }));
  }

  async save(entry: Omit<DocumentHistoryEntry, 'progress'>, options: { readonly clearProgress?: boolean } = {}): Promise<void> {
    const fields: Omit<HistoryDocument, '_id' | 'progress'> = {
      name: entry.name,
      version: entry.version,
      appliedAt: entry.appliedAt ? new Date(entry.appliedAt) : null,
      checksum: entry.checksum,
      steps: entry.steps.map((s) => ({ name: s.name, state: s.state, ...(s.error ? { error: s.error } : {}) })),
      runs: entry.runs.map((run) => ({
        ...run,
        startedAt: new Date(run.startedAt),
        finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
      })),
    };
    const update: Document = { $set: fields, ...(options.clearProgress ? { $unset: { progress: '' } } : {}) };
    await this.db.collection<HistoryDocument>(this.collection).updateOne({ _id: entry.name }, update, { upsert: true });
  }
}

/**
 * Saves the batch progress of a data step (the last `_id` done) in the migration's history document, in the
 * session of the batch (its transaction on a replica set, so a batch and its progress are saved together).
 */
export async function saveBatchProgress(
  db: Db,
  collection: string,
  migration: string,
  key: string,
  lastId: unknown,
  session: ClientSession | undefined,
): Promise<void> {
  await db.collection<HistoryDocument>(collection).updateOne({ _id: migration }, { $set: { [`progress.${key}`]: lastId } }, { session });
}

/**
 * Forgets the batch progress of a data step's helper call once it went through every batch: a rerun of the step
 * (after a later check of it failed and the data was fixed) goes over the collection again from the start, so
 * documents before the last `_id` that still match (fixed since) are not skipped.
 */
export async function clearBatchProgress(db: Db, collection: string, migration: string, key: string): Promise<void> {
  await db.collection<HistoryDocument>(collection).updateOne({ _id: migration }, { $unset: { [`progress.${key}`]: '' } });
}
