import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A PostgreSQL dialect whose every transaction starts by setting `settings` for itself only
 * (`SELECT set_config('search_path', …, true), set_config('gati.version', …, true)`), and whose statements outside
 * a transaction each run in one of their own (`BEGIN`; the settings; the statement; `COMMIT`, or `ROLLBACK` when it
 * fails). Nothing outlives a transaction on the server connection: what PgBouncer's transaction pooling needs, where
 * the next transaction on that connection may be another client's.
 *
 * Statements that cannot run inside a transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM`) fail here; run
 * them on a plain connection.
 *
 * @example
 * ```ts
 * const dialect = withPostgresqlTransactionSettings(new PostgresDialect({ pool }), {
 *   search_path: 'gati_v_1707991200_products_002,public',
 *   'gati.version': 'tsv:1707991200-products-002',
 * });
 * ```
 */
export function withPostgresqlTransactionSettings(dialect: Dialect, settings: Readonly<Record<string, string>>): Dialect {
  const setup = transactionSettingsQuery(settings);
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new TransactionSettingsDriver(dialect.createDriver(), setup),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

/** `SELECT set_config($1, $2, true), …`: the settings, local to the transaction, as parameters. */
export function transactionSettingsQuery(settings: Readonly<Record<string, string>>): CompiledQuery {
  const entries = Object.entries(settings);
  const calls = entries.map((_, index) => `set_config($${2 * index + 1}, $${2 * index + 2}, true)`);
  return CompiledQuery.raw(`SELECT ${calls.join(', ')}`, entries.flat());
}

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

class TransactionSettingsDriver implements Driver {
  readonly #inner: Driver;
  readonly #setup: CompiledQuery;
  // One wrapper per server connection, so Kysely sees the same connection object each time it is acquired.
  readonly #connections = new WeakMap<DatabaseConnection, TransactionSettingsConnection>();

  constructor(inner: Driver, setup: CompiledQuery) {
    this.#inner = inner;
    this.#setup = setup;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    let connection = this.#connections.get(inner);
    if (connection === undefined) {
      connection = new TransactionSettingsConnection(inner, this.#setup);
      this.#connections.set(inner, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const wrapped = unwrap(connection);
    await this.#inner.beginTransaction(wrapped.inner, settings);
    wrapped.inTransaction = true;
    await wrapped.inner.executeQuery(this.#setup);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapped = unwrap(connection);
    try {
      await this.#inner.commitTransaction(wrapped.inner);
    } finally {
      wrapped.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapped = unwrap(connection);
    try {
      await this.#inner.rollbackTransaction(wrapped.inner);
    } finally {
      wrapped.inTransaction = false;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.savepoint?.(unwrap(connection).inner, name, compileQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(unwrap(connection).inner, name, compileQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.releaseSavepoint?.(unwrap(connection).inner, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(unwrap(connection).inner);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

class TransactionSettingsConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly setup: CompiledQuery,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(BEGIN);
    try {
      await this.inner.executeQuery(this.setup);
      const result = await this.inner.executeQuery<R>(query);
      await this.inner.executeQuery(COMMIT);
      return result;
    } catch (error) {
      await this.inner.executeQuery(ROLLBACK).catch(() => undefined);
      throw error;
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.inTransaction) {
      yield* this.inner.streamQuery<R>(query, chunkSize);
      return;
    }
    await this.inner.executeQuery(BEGIN);
    let failed = false;
    try {
      await this.inner.executeQuery(this.setup);
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A reader that stops early still commits what its statement did.
      await this.inner.executeQuery(failed ? ROLLBACK : COMMIT).catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  }
}

function unwrap(connection: DatabaseConnection): TransactionSettingsConnection {
  if (connection instanceof TransactionSettingsConnection) return connection;
  throw new Error('A connection of another driver was handed to the transaction-settings driver (a bug: please report it).');
}
