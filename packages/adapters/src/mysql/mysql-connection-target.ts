import { ConfigError, type ConnectionOptions } from '@gati-framework/migrations';

/** The port a MySQL or MariaDB server listens on unless told otherwise. */
export const DEFAULT_MYSQL_PORT = 3306;

/** Where a MySQL connection points, resolved once from the connection options. */
export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Never printed: {@link describeMysqlTarget} and every error leave it out. */
  readonly password?: string;
  readonly database: string;
}

/**
 * Resolves `{ url }` or the discrete `{ host, port, user, password, database }` to a {@link MysqlTarget}. A
 * non-empty `url` wins over the discrete options.
 *
 * The URL is `mysql://user:password@host:port/database` (`mariadb://` is accepted too); user, password and
 * database are percent-decoded, an IPv6 host is written in brackets, and a query string is ignored. Missing
 * parts default to `localhost`, port 3306 and user `root`; the database is required. Throws a
 * {@link ConfigError} for another scheme, a bad port or no database; the message never repeats the URL.
 *
 * @example
 * ```ts
 * resolveMysqlTarget({ url: 'mysql://app:s%40cret@db.internal:3307/shop' });
 * // { host: 'db.internal', port: 3307, user: 'app', password: 's@cret', database: 'shop' }
 * ```
 */
export function resolveMysqlTarget(connection: ConnectionOptions = {}): MysqlTarget {
  const url = nonEmpty(connection.url);
  const parts = url !== undefined ? partsFromUrl(url) : partsFromOptions(connection);
  if (parts.database === undefined) {
    throw new ConfigError('The mysql connection names no database. Write mysql://user:password@host:3306/database, or give { database }.');
  }
  return {
    host: parts.host ?? 'localhost',
    port: parts.port ?? DEFAULT_MYSQL_PORT,
    user: parts.user ?? 'root',
    ...(parts.password !== undefined ? { password: parts.password } : {}),
    database: parts.database,
  };
}

/**
 * `mysql app@db.internal:3306/shop`: a one-line description of the target for messages, without the password.
 * Never throws; a malformed connection is described as such.
 */
export function describeMysqlTarget(connection: ConnectionOptions = {}): string {
  try {
    return describeResolvedMysqlTarget(resolveMysqlTarget(connection));
  } catch {
    return 'mysql (invalid connection options)';
  }
}

/** {@link describeMysqlTarget} for an already resolved target. */
export function describeResolvedMysqlTarget(target: MysqlTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `mysql ${target.user}@${host}:${target.port}/${target.database}`;
}

interface TargetParts {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
}

function partsFromUrl(url: string): TargetParts {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    throw new ConfigError(
      `The mysql adapter cannot use ${scheme ? `a "${scheme}:" URL` : 'a URL without a scheme'}. ` +
        'Write mysql://user:password@host:3306/database, or give { host, port, user, password, database }.',
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      'The mysql connection URL is malformed. Write mysql://user:password@host:3306/database ' +
        '(percent-encode special characters in the user and password, e.g. @ as %40).',
    );
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const database = decode(parsed.pathname.replace(/^\/+/, '').replace(/\/+$/, ''), 'database');
  return {
    ...(host !== '' ? { host } : {}),
    ...(parsed.port !== '' ? { port: parsePort(parsed.port) } : {}),
    ...(parsed.username !== '' ? { user: decode(parsed.username, 'user') } : {}),
    ...(parsed.password !== '' ? { password: decode(parsed.password, 'password') } : {}),
    ...(database !== '' ? { database } : {}),
  };
}

function partsFromOptions(connection: ConnectionOptions): TargetParts {
  const host = nonEmpty(connection.host);
  const user = nonEmpty(connection.user) ?? nonEmpty(connection.username);
  const password = typeof connection.password === 'string' ? connection.password : undefined;
  const database = nonEmpty(connection.database);
  const port = connection.port;
  return {
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined && port !== null && port !== '' ? { port: parsePort(port) } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined && password !== '' ? { password } : {}),
    ...(database !== undefined ? { database } : {}),
  };
}

function parsePort(value: unknown): number {
  const port = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`The mysql port must be a number from 1 to 65535, got ${JSON.stringify(String(value))}.`);
  }
  return port;
}

function decode(value: string, part: 'user' | 'password' | 'database'): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ConfigError(`The ${part} in the mysql connection URL has a malformed percent-escape (write % as %25).`);
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
