import type { Dialect, Kysely } from 'kysely';
import type { CodegenDialectName } from '../codegen/codegen-dialects';
import type { SchemaModel } from '../model';
import type { ActionWriters } from './action-writers';
import type { VersionSessions } from './version-sessions';
import type { DialectCapabilities } from './dialect-capabilities';
import type { TypeMapping } from './type-mapping';
import type { ZeroDowntimeSupport } from './zero-downtime-support';

/** Adapter-specific connection options; `url` is understood by every built-in adapter. */
export interface ConnectionOptions {
  readonly url?: string;
  /** SQLite: the database file, or `:memory:`. */
  readonly filename?: string;
  readonly [option: string]: unknown;
}

/** A held migration lock; `release` is idempotent. */
export interface MigrationLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Names the lock; derived from the history table name so two projects on one server do not block each other. */
  readonly key: string;
  /** Give up (with a clear error) after waiting this long. */
  readonly timeoutMs: number;
}

export interface IntrospectOptions {
  /** Tables the tool owns (history, lock): left out of the model. */
  readonly excludeTables: readonly string[];
  /**
   * Schemas to read besides the default one (where the dialect has schemas): their tables and enum types come
   * back named `schema.name`. Usually `schemasOf(model)` of the model being compared.
   */
  readonly schemas?: readonly string[];
}

/**
 * A database as gati-migrations sees it: a Kysely dialect to run on, what its DDL can do (the capabilities, which
 * shape the plan), how it spells the model's types, how it writes the actions it renders its own way (its
 * writers), and how to read its schema back. Built-in adapters live in
 * `@gati-framework/migrations-adapters/<name>`; `defineAdapter` makes a custom one.
 */
export interface Adapter {
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  readonly types: TypeMapping;
  /**
   * The actions this database writes its own way, by kind (PostgreSQL: CREATE INDEX CONCURRENTLY, ALTER TYPE …
   * ADD VALUE; MySQL: MODIFY COLUMN, DROP PRIMARY KEY). Every other action is written by the core's portable
   * writer, on Kysely's builders. A capability that plans an action with no portable form needs its writer
   * (`defineAdapter` says which are missing).
   */
  readonly writers?: ActionWriters;
  /** kysely-codegen's dialect for this database, for `migrations.codegen` (a config's `codegen.dialect` wins). */
  readonly codegenDialect?: CodegenDialectName;
  /**
   * The connection options as this adapter uses them, given the project root: SQLite resolves a `filename`
   * against it, and gives the embedded default (`./.gati/dev.sqlite`) when there is neither file nor URL.
   * Optional: without it, the options as configured.
   */
  resolveConnection?(connection: ConnectionOptions, context: { readonly root: string }): ConnectionOptions;
  /** A Kysely dialect for these connection options. Throws a ConnectionError that never contains a password. */
  createDialect(connection: ConnectionOptions): Dialect;
  /** Reads the live schema back into the model (for convergence checks, drift and baselines). */
  introspect(db: Kysely<any>, options: IntrospectOptions): Promise<SchemaModel>;
  /**
   * Zero-downtime deploys at run time: lists the schemas of views made per version, and makes the dialect that
   * binds an application version's connections to its schema (`versionedKysely` of
   * `@gati-framework/migrations/runtime`). Optional: PostgreSQL has it; without it, `versionedKysely` says the
   * adapter does not support zero-downtime versions.
   */
  readonly versionSessions?: VersionSessions;
  /**
   * Takes the lock that keeps concurrent deployers from applying the same migration twice, on a connection of
   * its own (not the one migrations run on), polling rather than blocking. Optional: without it the runner
   * relies on Kysely's migration lock.
   */
  acquireLock?(connection: ConnectionOptions, options: LockOptions): Promise<MigrationLock>;
  /**
   * Runs once on the connection `up` or `down` holds for the whole run, before the first migration: session
   * settings that every migration of the run shares. PostgreSQL sets its `lock_timeout` here, once rather than
   * in each transaction (one round trip per migration less).
   */
  prepareSession?(db: Kysely<any>, options: { readonly lockTimeoutMs: number }): Promise<void>;
  /**
   * Whether an error means a lock was not granted in time (or a deadlock was broken by failing the statement):
   * nothing changed, and the runner retries the migration with backoff.
   */
  isLockTimeout?(error: unknown): boolean;
  /**
   * Runs inside each migration's transaction, after its `up` or `down`; throws to roll the migration back.
   * SQLite checks foreign keys here, since migrations run with enforcement off (the table rebuild needs it).
   */
  checkIntegrity?(db: Kysely<any>): Promise<void>;
  /**
   * Whether a statement of a generated migration already took effect, asked of the catalog: `true` when it did
   * (the table it creates exists, the column it adds exists with that type, the index or foreign key it adds
   * exists, what it drops is gone), `false` when it did not, `undefined` for a statement it cannot check. Asked
   * only when `up` (or `down`) goes on with the step a killed run was in, on a database whose DDL commits
   * statement by statement (MySQL), so that a statement that took effect is not sent again. Optional: without it
   * such a step is run again from its first statement not known to have completed.
   */
  postcheck?(db: Kysely<any>, statement: { readonly sql: string; readonly parameters: readonly unknown[] }): Promise<boolean | undefined>;
  /**
   * Whether the database already exists. Optional: adapters whose connection would create the database
   * (SQLite creates its file) implement it, so that `status` and dry runs read "nothing applied" instead.
   */
  exists?(connection: ConnectionOptions): boolean;
  /**
   * Whether a table exists, with a catalog query for that one table. Optional: without it the runner asks
   * Kysely's introspection, which lists every table (and only after a read of its own tables failed).
   */
  tableExists?(db: Kysely<any>, table: string): Promise<boolean>;
  /**
   * The statements of zero-downtime migrations (expand, contract, rollback), where the adapter can run them.
   * Without it, a migration generated with zero-downtime phases runs its plain `up` (both phases at once), and
   * `generate --zero-downtime` says so.
   */
  readonly zeroDowntime?: ZeroDowntimeSupport;
  /** A one-line description of the target for messages: `sqlite ./.gati/dev.sqlite`, `postgresql u@h:5432/db`. */
  describeTarget(connection: ConnectionOptions): string;
}
