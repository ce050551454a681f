import {
  ConnectionError,
  type ConnectionOptions,
  type DocumentConnectOptions,
  type DocumentConnection,
  describeCause,
  redactSecrets,
} from '@gati-framework/migrations';
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { type MongodbTarget, describeMongodbTarget, resolveMongodbTarget } from './mongodb-connection-target';
import { MongodbHistoryStore } from './mongodb-history';
import { acquireMongodbLock, mongodbLockHeld } from './mongodb-lock';
import { runMongoStep } from './mongodb-step-runner';

/** The oldest MongoDB the adapter runs on. */
export const MINIMUM_MONGODB_MAJOR = 6;

/** How long the driver looks for a server before a command gives up, unless the URL says otherwise. */
const SERVER_SELECTION_TIMEOUT_MS = 5_000;

/** What the server said about itself when the connection opened. */
export interface MongodbServerInfo {
  readonly version: string;
  /** A replica set member (`hello.setName`) or a mongos: transactions are available. */
  readonly transactions: boolean;
}

/**
 * Connects to the configured MongoDB and checks that it answers (`hello`, `buildInfo`) and is 6.0 or later: a
 * ConnectionError (CONNECTION_FAILED) otherwise, naming hosts and database, never the password. The connection
 * keeps the history in the `tableName` collection and the lock in `<tableName>_lock`.
 */
export async function connectMongodb(connection: ConnectionOptions, options: DocumentConnectOptions): Promise<DocumentConnection> {
  const target = resolveMongodbTarget(connection);
  const description = describeMongodbTarget(connection);
  const clientOptions: MongoClientOptions = { appName: 'gati-migrations' };
  if (!/[?&]serverSelectionTimeoutMS=/i.test(target.url)) clientOptions.serverSelectionTimeoutMS = SERVER_SELECTION_TIMEOUT_MS;
  const client = new MongoClient(target.url, clientOptions);
  let server: MongodbServerInfo;
  try {
    await client.connect();
    server = await serverInfo(client);
  } catch (cause) {
    await client.close().catch(() => undefined);
    throw new ConnectionError(`Cannot connect to ${description}: ${safeMessage(cause, target)}`, { cause });
  }
  try {
    assertSupportedServer(server.version, description);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const db = client.db(target.database);
  const historyCollection = options.tableName;
  const lockCollection = `${options.tableName}_lock`;
  const stepOptions = { client, db, historyCollection, batchSize: options.batchSize, transactions: server.transactions };
  let closed = false;
  return {
    history: new MongodbHistoryStore(db, historyCollection),
    acquireLock: (lock) => acquireMongodbLock(db, lockCollection, { timeoutMs: lock.timeoutMs }),
    lockHeld: () => mongodbLockHeld(db, lockCollection),
    runStep: (step, run) => runMongoStep(stepOptions, step, run),
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

/** Refuses a server older than MongoDB 6.0 (a ConnectionError that says which version it runs). */
export function assertSupportedServer(version: string, description: string): void {
  const major = Number.parseInt(version, 10);
  if (major >= MINIMUM_MONGODB_MAJOR) return;
  throw new ConnectionError(
    `${description} runs MongoDB ${version}: gati-migrations supports MongoDB ${MINIMUM_MONGODB_MAJOR}.0 and later. Upgrade the server.`,
  );
}

async function serverInfo(client: MongoClient): Promise<MongodbServerInfo> {
  const admin = client.db('admin');
  const hello = await admin.command({ hello: 1 });
  const build = await admin.command({ buildInfo: 1 });
  return { version: String(build.version), transactions: typeof hello.setName === 'string' || hello.msg === 'isdbgrid' };
}

/** The driver's message, with every URL's password and the configured password replaced. */
function safeMessage(cause: unknown, target: MongodbTarget): string {
  let message = redactSecrets(describeCause(cause));
  if (target.password) message = message.split(target.password).join('***');
  return message;
}
