import type { ClientConfig } from 'pg';
import { ConfigError, redactSecrets, type ConnectionOptions } from '@gati-framework/migrations';

/** PostgreSQL's port when neither the URL, the options nor `PGPORT` name one. */
export const DEFAULT_POSTGRESQL_PORT = 5432;

/** Where a PostgreSQL connection points, resolved once from the connection options. */
export interface PostgresqlTarget {
  /** Host name, address, or a Unix socket directory. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** What node-postgres connects with. Holds the password: never print it. */
  readonly clientConfig: ClientConfig;
  /** The password, so that messages can be checked for it; undefined when there is none. */
  readonly password: string | undefined;
}

const DISCRETE_OPTIONS = ['host', 'port', 'user', 'password', 'database'] as const;

/**
 * Resolves `{ url }` (`postgres://` or `postgresql://`) or discrete `{ host, port, user, password, database }`
 * (plus an optional `ssl`, passed to node-postgres as is) to a {@link PostgresqlTarget}. A non-empty `url` wins.
 *
 * The URL goes to node-postgres as a connection string, so everything it understands there (`?sslmode=require`,
 * `?host=/var/run/postgresql`, percent-encoded passwords) works. What is missing falls back as in node-postgres
 * and libpq: `PGHOST`/`localhost`, `PGPORT`/5432, `PGUSER`/the OS user, `PGDATABASE`/the user name.
 *
 * Throws a {@link ConfigError} for another scheme, a malformed URL or a mistyped option; the message never
 * repeats the URL (it may hold a password), only its scheme.
 *
 * @example
 * ```ts
 * resolvePostgresqlTarget({ url: 'postgres://app:secret@db.internal:6432/shop' });
 * // { host: 'db.internal', port: 6432, user: 'app', database: 'shop', password: 'secret', clientConfig: {…} }
 * ```
 */
export function resolvePostgresqlTarget(connection: ConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): PostgresqlTarget {
  const url = nonEmpty(connection.url);
  return url !== undefined ? targetFromUrl(url, connection, env) : targetFromOptions(connection, env);
}

/**
 * `postgresql app@db.internal:6432/shop`: a one-line description of the target for messages, never with the
 * password. Never throws; a malformed connection is described as such.
 */
export function describePostgresqlTarget(connection: ConnectionOptions = {}): string {
  try {
    return describeResolvedTarget(resolvePostgresqlTarget(connection));
  } catch {
    return nonEmpty(connection.url) !== undefined ? 'postgresql (invalid connection URL)' : 'postgresql (invalid connection options)';
  }
}

/** `postgresql user@host:port/database` for a resolved target. */
export function describeResolvedTarget(target: PostgresqlTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `postgresql ${target.user}@${host}:${target.port}/${target.database}`;
}

/**
 * `text` with every URL's password, and the target's password itself, replaced by `***`. For driver messages
 * that end up in a {@link ConnectionError}: node-postgres does not put the password in its messages, and this
 * makes sure of it.
 */
export function redactPostgresqlMessage(text: string, target: Pick<PostgresqlTarget, 'password'>): string {
  let redacted = redactSecrets(text);
  const password = target.password;
  // A very short password would match ordinary words; a message never quotes one anyway.
  if (password !== undefined && password.length >= 4) redacted = redacted.split(password).join('***');
  return redacted;
}

function targetFromUrl(url: string, connection: ConnectionOptions, env: NodeJS.ProcessEnv): PostgresqlTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  if (scheme === undefined || !/^postgres(ql)?$/i.test(scheme) || !/^[a-z]+:\/\//i.test(url)) {
    throw new ConfigError(
      `The postgresql adapter cannot use ${scheme ? `a "${scheme}:" URL` : 'a URL without a scheme'}. ` +
        'Write postgres://user:password@host:5432/database (or postgresql://…), or give { host, port, user, password, database }.',
    );
  }
  const parsed = parseUrl(url, scheme);
  const query = parsed.url.searchParams;
  const hostname = parsed.emptyHost ? '' : parsed.url.hostname.replace(/^\[(.+)\]$/, '$1');
  const host = nonEmpty(query.get('host')) ?? nonEmpty(decode(hostname));
  const port = nonEmpty(query.get('port')) ?? nonEmpty(parsed.url.port);
  const user = nonEmpty(query.get('user')) ?? nonEmpty(decode(parsed.url.username));
  const database = nonEmpty(decode(parsed.url.pathname.replace(/^\//, ''))) ?? nonEmpty(query.get('database'));
  const password = nonEmpty(query.get('password')) ?? nonEmpty(decode(parsed.url.password));
  const clientConfig: ClientConfig = {
    connectionString: url,
    ...(connection.ssl !== undefined ? { ssl: connection.ssl as ClientConfig['ssl'] } : {}),
  };
  return withDefaults({ host, port: parsePort(port, `The ${scheme}:// URL`), user, database, password, clientConfig }, env);
}

/**
 * The URL as node-postgres (pg-connection-string) reads it: stray spaces and `%` encoded first, and an empty host
 * after credentials (`postgres://user@/db?host=/tmp`, which WHATWG URLs reject) allowed.
 */
function parseUrl(url: string, scheme: string): { url: URL; emptyHost: boolean } {
  const text = / |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(url) ? encodeURI(url).replace(/%25(\d\d)/g, '%$1') : url;
  try {
    return { url: new URL(text), emptyHost: false };
  } catch {
    try {
      return { url: new URL(text.replace('@/', '@___DUMMY___/')), emptyHost: true };
    } catch {
      throw new ConfigError(
        `The ${scheme}:// connection URL is malformed. Write postgres://user:password@host:5432/database; ` +
          'percent-encode special characters in the user name and password (@ as %40, : as %3A, / as %2F).',
      );
    }
  }
}

function targetFromOptions(connection: ConnectionOptions, env: NodeJS.ProcessEnv): PostgresqlTarget {
  const problems: string[] = [];
  for (const option of DISCRETE_OPTIONS) {
    const value = connection[option];
    if (value === undefined || value === null) continue;
    if (option === 'port' ? typeof value !== 'number' && typeof value !== 'string' : typeof value !== 'string') {
      problems.push(`${option} (${option === 'port' ? 'a number' : 'a string'})`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(`The postgresql connection options are invalid: ${problems.join(', ')}.`);
  }
  const host = nonEmpty(connection.host);
  const port = parsePort(connection.port as number | string | undefined, 'The postgresql connection option port');
  const user = nonEmpty(connection.user);
  const database = nonEmpty(connection.database);
  const password = typeof connection.password === 'string' ? connection.password : undefined;
  const clientConfig: ClientConfig = {
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(database !== undefined ? { database } : {}),
    ...(connection.ssl !== undefined ? { ssl: connection.ssl as ClientConfig['ssl'] } : {}),
  };
  return withDefaults({ host, port, user, database, password, clientConfig }, env);
}

interface PartialTarget {
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly user: string | undefined;
  readonly database: string | undefined;
  readonly password: string | undefined;
  readonly clientConfig: ClientConfig;
}

/** node-postgres' fallbacks, so that the description names what it will actually connect to. */
function withDefaults(partial: PartialTarget, env: NodeJS.ProcessEnv): PostgresqlTarget {
  const user = partial.user ?? nonEmpty(env.PGUSER) ?? nonEmpty(process.platform === 'win32' ? env.USERNAME : env.USER) ?? 'postgres';
  return {
    host: partial.host ?? nonEmpty(env.PGHOST) ?? 'localhost',
    port: partial.port ?? parsePortOrDefault(env.PGPORT),
    user,
    database: partial.database ?? nonEmpty(env.PGDATABASE) ?? user,
    clientConfig: partial.clientConfig,
    password: partial.password ?? nonEmpty(env.PGPASSWORD),
  };
}

function parsePort(value: number | string | undefined, where: string): number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  const port = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`${where} has an invalid port: use a whole number from 1 to 65535.`);
  }
  return port;
}

function parsePortOrDefault(value: string | undefined): number {
  try {
    return parsePort(value, 'PGPORT') ?? DEFAULT_POSTGRESQL_PORT;
  } catch {
    return DEFAULT_POSTGRESQL_PORT;
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
