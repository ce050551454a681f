import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { SENT_WITH_COMMIT } from '@gati-framework/migrations';

/**
 * Kysely's `PostgresDialect` with fewer round trips per transaction: `begin` is not sent on its own but in front
 * of the transaction's first statement, and a statement marked {@link SENT_WITH_COMMIT} (the run's history row,
 * whose result nobody reads) goes with the `commit`. On a node-postgres client in pipeline mode (see
 * `createPostgresqlPool`) each such group is written at once and answered at once: one round trip instead of two.
 * Without pipeline mode (an older `pg`) the client sends them one after another, as before.
 *
 * What the database sees is unchanged: the same statements, in the same order, on the same connection, in one
 * transaction. A failure is the first failed statement's error; after it the server rolls the transaction back
 * (a `commit` of a failed transaction is a rollback), so nothing is committed that was not meant to be.
 */
export class PipelinedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new PipelinedDriver(super.createDriver());
  }
}

class PipelinedDriver implements Driver {
  readonly #connections = new WeakMap<DatabaseConnection, PipelinedConnection>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapped = this.#connections.get(connection);
    if (!wrapped) {
      wrapped = new PipelinedConnection(connection);
      this.#connections.set(connection, wrapped);
    }
    return wrapped;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const pipelined = connection as PipelinedConnection;
    let sql = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      sql = 'start transaction';
      if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) sql += ` ${settings.accessMode}`;
    }
    pipelined.hold(CompiledQuery.raw(sql), true);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const pipelined = connection as PipelinedConnection;
    if (pipelined.beginHeld()) {
      pipelined.discardHeld(); // nothing was sent: there is no transaction to commit
      return;
    }
    pipelined.inTransaction = false;
    const { rows } = await pipelined.executeQuery(CompiledQuery.raw('commit'));
    // PostgreSQL completes COMMIT with a ROLLBACK tag when an earlier statement of the transaction failed.
    if ((rows[0] as { command?: string } | undefined)?.command === 'ROLLBACK') {
      throw new Error('The transaction was rolled back: a statement in it failed.');
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const pipelined = connection as PipelinedConnection;
    const sent = !pipelined.beginHeld();
    pipelined.discardHeld();
    pipelined.inTransaction = false;
    if (sent) await this.inner.rollbackTransaction(pipelined.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.savepoint!(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint!(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2],
  ): Promise<void> {
    await this.inner.releaseSavepoint!(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pipelined = connection as PipelinedConnection;
    pipelined.discardHeld();
    await this.inner.releaseConnection(pipelined.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** A connection that holds statements back to send them with the next one. */
class PipelinedConnection implements DatabaseConnection {
  #held: CompiledQuery[] = [];
  #beginHeld = false;
  /** A transaction is open on the server: its begin was sent, its commit or rollback not yet. */
  inTransaction = false;

  constructor(readonly inner: DatabaseConnection) {}

  /** Keeps `query` to be sent in front of the next statement; `begin`: it opens the transaction. */
  hold(query: CompiledQuery, begin = false): void {
    this.#held.push(query);
    if (begin) this.#beginHeld = true;
  }

  /** Whether the transaction's `begin` has not been sent yet (no statement of it has). */
  beginHeld(): boolean {
    return this.#beginHeld;
  }

  discardHeld(): void {
    this.#held = [];
    this.#beginHeld = false;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Held only inside a transaction whose begin is sent: on its own it would run outside one and not roll back.
    if (query.sql.endsWith(SENT_WITH_COMMIT) && this.inTransaction) {
      this.hold(query);
      return { rows: [] };
    }
    const queries = [...this.#held, query];
    if (this.#beginHeld) this.inTransaction = true;
    this.discardHeld();
    if (queries.length === 1) return this.inner.executeQuery<R>(query);
    // Each executeQuery hands its statement to the client at once (before its first await): they go in order.
    const results = await Promise.allSettled(queries.map((q) => this.inner.executeQuery<R>(q)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return (results[results.length - 1] as PromiseFulfilledResult<QueryResult<R>>).value;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.#held.length > 0) throw new Error('A stream cannot start while statements are held for the next one.');
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}
