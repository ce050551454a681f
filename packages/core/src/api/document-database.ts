import type { DocumentConnectOptions, DocumentConnection, DocumentLock } from '../adapter/document-runtime';
import type { DocumentConfig } from '../config/resolved-config';
import { ConnectionError, GatiError, describeCause, redactSecrets } from '../errors';
import { LOCK_TIMEOUT_MS } from './open-database';

/** Where a document adapter keeps the history and the lock, and how large a batch is, from the config. */
export function documentConnectOptions(config: DocumentConfig): DocumentConnectOptions {
  return { tableName: config.tableName, batchSize: config.backfill.batchSize };
}

/**
 * Runs `work` with an open connection to the configured document database and always closes it. A failure to
 * connect is a ConnectionError naming the target, never its password.
 */
export async function withDocumentConnection<T>(config: DocumentConfig, work: (connection: DocumentConnection) => Promise<T>): Promise<T> {
  let connection: DocumentConnection;
  try {
    connection = await config.adapter.connect(config.connection, documentConnectOptions(config));
  } catch (cause) {
    if (cause instanceof GatiError) throw cause;
    const target = config.adapter.describeTarget(config.connection);
    throw new ConnectionError(`Cannot connect to ${target}: ${redactSecrets(describeCause(cause))}`, { cause });
  }
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/**
 * Runs `work` while holding the migration lock of a document database, so that concurrent deployers apply each
 * migration exactly once: the second waits (up to 60 s, then LOCK_TIMEOUT), then finds nothing left to do.
 */
export async function withDocumentLock<T>(connection: DocumentConnection, work: (lock: DocumentLock) => Promise<T>): Promise<T> {
  const lock = await connection.acquireLock({ timeoutMs: LOCK_TIMEOUT_MS });
  try {
    return await work(lock);
  } finally {
    await lock.release();
  }
}
