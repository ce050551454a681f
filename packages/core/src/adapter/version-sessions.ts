import type { Dialect, Kysely } from 'kysely';
import type { ConnectionOptions } from './adapter';

/** A schema of views that zero-downtime expand made for a version: its name, and the version id its comment holds. */
export interface VersionSchema {
  readonly schema: string;
  readonly version: string;
}

/**
 * How the connections of one application version are bound to that version's schema.
 * - `session`: every connection of the pool carries the settings from its start (PostgreSQL: startup options).
 *   For direct connections and session pooling.
 * - `transaction`: every transaction sets them for itself only, and a statement outside a transaction runs in one
 *   of its own. For poolers that hand a server connection to another client after each transaction (PgBouncer in
 *   transaction pooling), which do not pass startup options through.
 */
export type VersionSessionMode = 'session' | 'transaction';

/** What a version's connections carry. */
export interface VersionSession {
  /**
   * The version schema to read and write through, first on the search path (the database's tables after it).
   * Undefined when no zero-downtime migration ever ran: the tables themselves.
   */
  readonly schema?: string;
  /** The version id of that schema (the handler's own version when there is no schema): the `gati.version` setting. */
  readonly version: string;
  /** What the database shows as the connection's application (`pg_stat_activity.application_name`). */
  readonly applicationName: string;
  readonly mode: VersionSessionMode;
  /** The most connections the pool opens. */
  readonly poolSize: number;
}

/**
 * What an adapter does for zero-downtime deploys at run time (see `versionedKysely` in
 * `@gati-framework/migrations/runtime`): list the version schemas, and make a Kysely dialect whose connections are
 * bound to one. Optional: an adapter without it does not support zero-downtime versions (PostgreSQL only, for now).
 */
export interface VersionSessions {
  /** Every version schema of the database, each with the version id its comment holds. */
  listVersionSchemas(db: Kysely<any>): Promise<readonly VersionSchema[]>;
  /** A Kysely dialect whose every query runs with the session's search path, version setting and application name. */
  createDialect(connection: ConnectionOptions, session: VersionSession): Dialect;
}
