import { ConversionError } from '@gati-framework/migrations';
import type { ClientSession, Db, Document, Filter, UpdateFilter } from 'mongodb';
import { clearBatchProgress, saveBatchProgress } from './mongodb-history';
import { shellLiteral } from './mongodb-shell-literal';

/**
 * What the runner hands each step of a MongoDB migration besides the driver's `Db`: the session to pass to
 * every driver call, and the two data-step helpers the generated files use, which make a step over a large
 * collection resumable and a failed conversion named.
 */
export interface MongoStepContext {
  /**
   * The session to pass to every driver call of the step (`{ session: ctx.session }`): on a replica set, for a
   * step marked `transaction: true`, the session whose transactions `updateInBatches` runs each batch in (with
   * its progress record); `undefined` on a standalone server and for other steps, so nothing that needs a
   * transaction is sent.
   */
  readonly session: ClientSession | undefined;
  /**
   * Updates the documents of `collection` that match `filter`, in batches in `_id` order, with `update` (an
   * update document or an aggregation pipeline). After each batch the last `_id` done is saved in the
   * migration's history document, so a rerun of a step stopped half-way through resumes after it (once every
   * batch is done, that progress is forgotten: a rerun goes over the collection again, the filter selecting what
   * still needs the change). Returns how many documents changed.
   */
  updateInBatches(collection: string, filter: Filter<Document>, update: UpdateFilter<Document> | Document[]): Promise<number>;
  /**
   * Fails the step when documents of `collection` match `filter`: the error says `problem`, the count, and up
   * to ten of them (their `_id` and the values of `fields`).
   */
  failIfAny(collection: string, filter: Filter<Document>, problem: string, fields: readonly string[]): Promise<void>;
}

/** How many failing documents a `failIfAny` error names. */
export const FAILING_DOCUMENTS_SHOWN = 10;

/** What a step context is made of, for one run of one step. */
export interface MongoStepContextOptions {
  readonly db: Db;
  /** The history collection (`tableName`), where batch progress is saved. */
  readonly historyCollection: string;
  readonly migration: string;
  readonly stepNumber: number;
  readonly direction: 'up' | 'down';
  /** Progress an earlier run of this step saved: the last `_id` done, by helper call. */
  readonly progress: Readonly<Record<string, unknown>>;
  readonly batchSize: number;
  /** A session on a replica set for a `transaction: true` step: each batch runs in a transaction of it. */
  readonly session: ClientSession | undefined;
}

/** The step context of one step's run (see MongoStepContext). */
export function createMongoStepContext(options: MongoStepContextOptions): MongoStepContext {
  const { db, session } = options;
  let calls = 0;
  return {
    session,
    async updateInBatches(collection, filter, update) {
      // Each call of the step has its own progress (a step may update two collections).
      const key = `${options.direction}${options.stepNumber}_${calls++}`;
      let lastId = options.progress[key];
      let changed = 0;
      for (;;) {
        const remaining = (lastId === undefined ? filter : { $and: [filter, { _id: { $gt: lastId } }] }) as Filter<Document>;
        const batch = await db
          .collection(collection)
          .find(remaining, { projection: { _id: 1 }, sort: { _id: 1 }, limit: options.batchSize, session })
          .toArray();
        if (batch.length === 0) break;
        const ids = batch.map((d) => d._id as unknown);
        const last = ids[ids.length - 1];
        const apply = async (inSession: ClientSession | undefined) => {
          const inBatch = { $and: [filter, { _id: { $in: ids } }] } as Filter<Document>;
          const result = await db.collection(collection).updateMany(inBatch, update, { session: inSession });
          await saveBatchProgress(db, options.historyCollection, options.migration, key, last, inSession);
          return result.modifiedCount;
        };
        if (session) {
          let modified = 0;
          await session.withTransaction(async () => {
            modified = await apply(session);
          });
          changed += modified;
        } else {
          changed += await apply(undefined);
        }
        lastId = last;
        if (batch.length < options.batchSize) break;
      }
      if (lastId !== undefined) await clearBatchProgress(db, options.historyCollection, options.migration, key);
      return changed;
    },
    async failIfAny(collection, filter, problem, fields) {
      const count = await db.collection(collection).countDocuments(filter, { session });
      if (count === 0) return;
      const projection = Object.fromEntries(fields.map((field) => [field, 1]));
      const sample = await db
        .collection(collection)
        .find(filter, { projection, sort: { _id: 1 }, limit: FAILING_DOCUMENTS_SHOWN, session })
        .toArray();
      throw new ConversionError(describeFailingDocuments(collection, problem, count, sample, fields));
    },
  };
}

/**
 * `users.age holds values that are not numbers: 2 documents of users: _id ObjectId("…") (age: "twelve"); …`.
 */
export function describeFailingDocuments(
  collection: string,
  problem: string,
  count: number,
  sample: readonly Document[],
  fields: readonly string[],
): string {
  const shown = sample.map((doc) => {
    const values = fields.map((field) => `${field}: ${shellLiteral(valueAt(doc, field))}`).join(', ');
    return `_id ${shellLiteral(doc._id)}${values ? ` (${values})` : ''}`;
  });
  const more = count > sample.length ? `; and ${count - sample.length} more` : '';
  return `${problem}: ${count} document${count === 1 ? '' : 's'} of ${collection}: ${shown.join('; ')}${more}.`;
}

/** The value at a dotted path of a document (`address.city`); undefined where a part is missing. */
function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
