import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * Asks the catalog whether a statement already took effect (Adapter.postcheck): `true` when it did (the column
 * it adds exists, the table it drops is gone), `false` when it did not, `undefined` when the statement is not one
 * the adapter can check.
 */
export type Postcheck = (db: Kysely<any>, query: CompiledQuery) => Promise<boolean | undefined>;

/** How a step is counted: see {@link StatementTracker.begin}. */
export interface TrackOptions {
  /** Its first statements, completed in an earlier run: not sent again. */
  readonly skip?: number;
  /**
   * After those, each statement is first checked against the catalog and left out when it already took effect,
   * until one did not (the statements after it cannot have run): what resumes a step a killed run was in.
   */
  readonly postcheck?: Postcheck;
  /**
   * Told each time a statement that changes something completes, with how many statements have completed up to it
   * (skipped ones and reads before it included): progress to record.
   */
  readonly onCompleted?: (db: Kysely<any>, completed: number) => Promise<void>;
}

/**
 * Counts the statements a migration step sends, and can leave out the first ones: what lets a step that failed
 * half-way on a database whose DDL commits statement by statement (MySQL) be run again from the statement that
 * failed. Active only while the runner runs a step (`begin` … `end`); its own queries (history, BEGIN, COMMIT,
 * the postchecks) are never counted or skipped. The callbacks get a Kysely on the step's own connection, outside
 * Kysely's queue (a query of the `db` the step runs on would wait for the statement being run: forever). A read (`SELECT`) among the statements to skip is sent anyway
 * (counted as skipped): the step's code goes on from what it reads.
 */
export class StatementTracker {
  #active = false;
  #skip = 0;
  #completed = 0;
  /** How many statements had completed when the last one that changes something did: what stays of the step. */
  #stayed = 0;
  #postcheck: Postcheck | undefined;
  #onCompleted: TrackOptions['onCompleted'];

  /** Starts counting a step. */
  begin(options: TrackOptions = {}): void {
    this.#active = true;
    this.#skip = options.skip ?? 0;
    this.#completed = this.#skip;
    this.#stayed = this.#skip;
    this.#postcheck = options.postcheck;
    this.#onCompleted = options.onCompleted;
  }

  /**
   * Stops counting; how many of the step's statements have completed, skipped ones included, up to the last one
   * that changes something. Reads after it are left out (a rerun sends every read again anyway): a step that
   * failed after only reading (a conversion's check) left nothing behind, and says so.
   */
  end(): number {
    this.#active = false;
    this.#skip = 0;
    this.#postcheck = undefined;
    this.#onCompleted = undefined;
    return this.#stayed;
  }

  /** `connection` counted; `dialect` compiles the callbacks' queries, run on it directly. */
  wrap(connection: DatabaseConnection, dialect: Dialect): DatabaseConnection {
    let direct: Kysely<any> | undefined;
    const onConnection = () => (direct ??= kyselyOn(connection, dialect));
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        if (!this.#active) return connection.executeQuery<R>(query);
        const read = isRead(query);
        if (this.#skip > 0) {
          this.#skip -= 1;
          return read ? connection.executeQuery<R>(query) : { rows: [] };
        }
        if (this.#postcheck && !read) {
          const postcheck = this.#postcheck;
          if (await this.#untracked(() => postcheck(onConnection(), query))) {
            await this.#complete(onConnection, false);
            return { rows: [] };
          }
          this.#postcheck = undefined;
        }
        const result = await connection.executeQuery<R>(query);
        await this.#complete(onConnection, read);
        return result;
      },
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> =>
        connection.streamQuery<R>(query, chunkSize),
    };
  }

  async #complete(onConnection: () => Kysely<any>, read: boolean): Promise<void> {
    this.#completed += 1;
    if (read) return;
    this.#stayed = this.#completed;
    const told = this.#onCompleted;
    const completed = this.#completed;
    if (told) await this.#untracked(() => told(onConnection(), completed));
  }

  /** Runs the runner's own queries in the middle of a step, neither counted nor skipped. */
  async #untracked<T>(work: () => Promise<T>): Promise<T> {
    this.#active = false;
    try {
      return await work();
    } finally {
      this.#active = true;
    }
  }
}

/** A Kysely whose every query runs on `connection` as it is, neither queued nor released. */
function kyselyOn(connection: DatabaseConnection, dialect: Dialect): Kysely<any> {
  return new Kysely<any>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createDriver: () => ({
        init: async () => undefined,
        acquireConnection: async () => connection,
        beginTransaction: async () => undefined,
        commitTransaction: async () => undefined,
        rollbackTransaction: async () => undefined,
        releaseConnection: async () => undefined,
        destroy: async () => undefined,
      }),
    },
  });
}

function isRead(query: CompiledQuery): boolean {
  return /^\s*(select|show)\b/i.test(query.sql);
}

/** The dialect with every connection passing through `tracker`. */
export function trackStatements(dialect: Dialect, tracker: StatementTracker): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => trackingDriver(dialect.createDriver(), tracker, dialect),
  };
}

function trackingDriver(driver: Driver, tracker: StatementTracker, dialect: Dialect): Driver {
  const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection) => inner.get(connection) ?? connection;
  return {
    init: () => driver.init(),
    async acquireConnection() {
      const connection = await driver.acquireConnection();
      let outer = wrapped.get(connection);
      if (!outer) {
        outer = tracker.wrap(connection, dialect);
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
