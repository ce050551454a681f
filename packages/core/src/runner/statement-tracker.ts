import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

/**
 * Counts the statements a migration step sends, and can leave out the first ones: what lets a step that failed
 * half-way on a database whose DDL commits statement by statement (MySQL) be run again from the statement that
 * failed. Active only while the runner runs a step (`begin` … `end`); its own queries (history, BEGIN, COMMIT)
 * are never counted or skipped.
 */
export class StatementTracker {
  #active = false;
  #skip = 0;
  #completed = 0;

  /** Starts counting a step; its first `skip` statements completed in an earlier run and are not sent again. */
  begin(skip = 0): void {
    this.#active = true;
    this.#skip = skip;
    this.#completed = skip;
  }

  /** Stops counting; how many of the step's statements have completed, skipped ones included. */
  end(): number {
    this.#active = false;
    this.#skip = 0;
    return this.#completed;
  }

  wrap(connection: DatabaseConnection): DatabaseConnection {
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        if (!this.#active) return connection.executeQuery<R>(query);
        if (this.#skip > 0) {
          this.#skip -= 1;
          return { rows: [] };
        }
        const result = await connection.executeQuery<R>(query);
        this.#completed += 1;
        return result;
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> =>
        connection.streamQuery<R>(query, chunkSize),
    };
  }
}

/** The dialect with every connection passing through `tracker`. */
export function trackStatements(dialect: Dialect, tracker: StatementTracker): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => trackingDriver(dialect.createDriver(), tracker),
  };
}

function trackingDriver(driver: Driver, tracker: StatementTracker): Driver {
  const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => inner.get(connection) ?? connection;
  return {
    init: () => driver.init(),
    async acquireConnection() {
      const connection = await driver.acquireConnection();
      let outer = wrapped.get(connection);
      if (!outer) {
        outer = tracker.wrap(connection);
        wrapped.set(connection, outer);
        inner.set(outer, connection);
      }
      return outer;
    },
    beginTransaction: (connection, settings: TransactionSettings) => driver.beginTransaction(unwrap(connection), settings),
    commitTransaction: (connection) => driver.commitTransaction(unwrap(connection)),
    rollbackTransaction: (connection) => driver.rollbackTransaction(unwrap(connection)),
    releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
    destroy: () => driver.destroy(),
    ...(driver.savepoint
      ? {
          savepoint: (c: DatabaseConnection, n: string, q: Parameters<NonNullable<Driver['savepoint']>>[2]) =>
            driver.savepoint!(unwrap(c), n, q),
        }
      : {}),
    ...(driver.rollbackToSavepoint
      ? {
          rollbackToSavepoint: (c: DatabaseConnection, n: string, q: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]) =>
            driver.rollbackToSavepoint!(unwrap(c), n, q),
        }
      : {}),
    ...(driver.releaseSavepoint
      ? {
          releaseSavepoint: (c: DatabaseConnection, n: string, q: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]) =>
            driver.releaseSavepoint!(unwrap(c), n, q),
        }
      : {}),
  };
}
