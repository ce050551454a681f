import type { ClientSession, Document, Filter, UpdateFilter } from 'mongodb';

/**
 * What the runner hands each step of a MongoDB migration besides the driver's `Db`: the session to pass to
 * every driver call, and the two data-step helpers the generated files use, which make a step over a large
 * collection resumable and a failed conversion named.
 */
export interface MongoStepContext {
  /**
   * The session to pass to every driver call of the step (`{ session: ctx.session }`): in a transaction on a
   * replica set when the step is marked `transaction: true`; `undefined` on a standalone server.
   */
  readonly session: ClientSession | undefined;
  /**
   * Updates the documents of `collection` that match `filter`, in batches in `_id` order, with `update` (an
   * update document or an aggregation pipeline). After each batch the last `_id` done is saved in the
   * migration's history document, so a rerun of the step resumes after it. Returns how many documents changed.
   */
  updateInBatches(collection: string, filter: Filter<Document>, update: UpdateFilter<Document> | Document[]): Promise<number>;
  /**
   * Fails the step when documents of `collection` match `filter`: the error says `problem`, the count, and up
   * to ten of them (their `_id` and the values of `fields`).
   */
  failIfAny(collection: string, filter: Filter<Document>, problem: string, fields: readonly string[]): Promise<void>;
}
