import { ConfigError, type ConnectionOptions } from '@gati-framework/migrations';

/** Where a MongoDB connection points, resolved once from the connection options. */
export interface MongodbTarget {
  /** The URL the driver connects with. Holds the password: never print it. */
  readonly url: string;
  /** `h1:27017,h2:27017`, as the URL spells the hosts. */
  readonly hosts: string;
  readonly database: string;
  /** The password, so that messages can be checked for it; undefined when there is none. */
  readonly password: string | undefined;
}

const MONGODB_URL = /^(mongodb(?:\+srv)?):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/i;

/**
 * Resolves `{ url }` (`mongodb://` or `mongodb+srv://`, the database in its path) to a {@link MongodbTarget};
 * `{ database }` names the database when the URL does not. Throws a ConfigError for a malformed URL or a
 * missing database; the message never repeats the URL (it may hold a password).
 *
 * @example
 * resolveMongodbTarget({ url: 'mongodb://app:secret@db1:27017,db2:27017/shop?replicaSet=rs0' });
 * // { hosts: 'db1:27017,db2:27017', database: 'shop', password: 'secret', url: '…' }
 */
export function resolveMongodbTarget(connection: ConnectionOptions = {}): MongodbTarget {
  const url = typeof connection.url === 'string' ? connection.url.trim() : '';
  if (!url) throw new ConfigError('The MongoDB connection needs a url: mongodb://user:password@host:27017/database.');
  const match = MONGODB_URL.exec(url);
  if (!match) {
    throw new ConfigError('The MongoDB connection URL is malformed: it should read mongodb://user:password@host:27017/database.');
  }
  const [, , credentials, hosts, path] = match;
  const fromPath = path ? decodeURIComponent(path) : '';
  const database = fromPath || (typeof connection.database === 'string' ? connection.database : '');
  if (!database) {
    throw new ConfigError(`The MongoDB connection URL names no database: add it after the host (mongodb://${hosts}/app).`);
  }
  const colon = credentials?.indexOf(':') ?? -1;
  const password = credentials && colon !== -1 ? decodeURIComponent(credentials.slice(colon + 1)) : undefined;
  return { url, hosts: hosts!, database, password };
}

/** `mongodb db1:27017/shop`: a MongoDB target for messages, never with its password. */
export function describeMongodbTarget(connection: ConnectionOptions): string {
  try {
    const target = resolveMongodbTarget(connection);
    return `mongodb ${target.hosts}/${target.database}`;
  } catch {
    return 'mongodb (connection not configured)';
  }
}
