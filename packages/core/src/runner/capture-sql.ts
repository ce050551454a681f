import { type Dialect, DummyDriver, Kysely } from 'kysely';
import type { Adapter, ConnectionOptions } from '../adapter';

export interface CapturedQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Runs `work` against the adapter's SQL compiler with a driver that executes nothing, and returns every
 * statement it would have sent: the exact SQL of a dry run. Reads return no rows.
 */
export async function captureSql(
  adapter: Pick<Adapter, 'createDialect'>,
  connection: ConnectionOptions,
  work: (db: Kysely<any>) => Promise<void>,
): Promise<CapturedQuery[]> {
  const real = adapter.createDialect(connection);
  const dialect: Dialect = {
    createAdapter: () => real.createAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => real.createIntrospector(db),
    createQueryCompiler: () => real.createQueryCompiler(),
  };
  const queries: CapturedQuery[] = [];
  const db = new Kysely<any>({
    dialect,
    log: (event) => {
      if (event.level === 'query') queries.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await work(db);
  } finally {
    await db.destroy();
  }
  return queries;
}
