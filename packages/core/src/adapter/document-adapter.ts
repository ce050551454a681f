import type { ConnectionOptions } from './adapter';
import type { DocumentPlanning } from './document-planning';
import type { DocumentRuntime } from './document-runtime';

/**
 * A database without a Kysely dialect (MongoDB): the document-family side of the adapter interface. The core
 * reads the entity types, diffs snapshots and keeps versions, checksums, history states and the Timescape
 * registry exactly as for SQL; the adapter plans the steps of a migration from the change set (its
 * `DocumentPlanning` side: validators, indexes, data steps, no server needed) and runs them (its
 * `DocumentRuntime` side: connection, history, lock, apply). Built in: `@gati-framework/migrations-adapters/mongodb`.
 */
export interface DocumentAdapter extends DocumentPlanning, DocumentRuntime {
  /** Tells a document adapter from a SQL one (`Adapter` has no `family`, or `'sql'`). */
  readonly family: 'document';
  readonly name: string;
  /** The connection options as this adapter uses them (see Adapter.resolveConnection). */
  resolveConnection?(connection: ConnectionOptions, context: { readonly root: string }): ConnectionOptions;
  /** A one-line description of the target for messages, never with a password: `mongodb h:27017/db`. */
  describeTarget(connection: ConnectionOptions): string;
}

/** Whether an adapter is a document adapter (MongoDB) rather than a SQL one. */
export function isDocumentAdapter(adapter: object): adapter is DocumentAdapter {
  return (adapter as { family?: unknown }).family === 'document';
}
