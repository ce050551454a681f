import fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, type ConnectionOptions } from '@gati-framework/migrations';

/** The database file gati-migrations uses when neither a URL nor a filename is configured. */
export const DEFAULT_SQLITE_FILENAME = './.gati/dev.sqlite';

/** The in-memory database: private to its connection and gone when it closes. */
export const SQLITE_MEMORY = ':memory:';

/** Where a SQLite connection points, resolved once from the connection options. */
export interface SqliteTarget {
  /** The path as the user wrote it (`./.gati/dev.sqlite`, `/var/db/app.db`, `:memory:`): used in messages. */
  readonly display: string;
  /** What better-sqlite3 opens: an absolute path (relative ones are resolved against `process.cwd()`) or `:memory:`. */
  readonly filename: string;
  readonly memory: boolean;
}

/**
 * Resolves `{ url }`, `{ filename }` or nothing (the default `./.gati/dev.sqlite`) to a {@link SqliteTarget}.
 * A non-empty `url` wins over `filename`. Accepted URLs:
 *
 * | URL | file |
 * |---|---|
 * | `sqlite:./path.db`, `sqlite:path.db` | relative to `process.cwd()` |
 * | `sqlite:/abs/path.db`, `sqlite:///abs/path.db` | absolute |
 * | `sqlite::memory:` | in memory |
 *
 * The path is taken literally (no percent-decoding, no query string). Throws a {@link ConfigError} for any
 * other scheme or an empty path; the message never repeats the URL, only its scheme.
 *
 * @example
 * ```ts
 * resolveSqliteTarget({ url: 'sqlite:./data/app.db' });
 * // { display: './data/app.db', filename: '/project/data/app.db', memory: false }
 * ```
 */
export function resolveSqliteTarget(connection: ConnectionOptions = {}, cwd: string = process.cwd()): SqliteTarget {
  const url = nonEmpty(connection.url);
  const display = url !== undefined ? pathFromUrl(url) : (nonEmpty(connection.filename) ?? DEFAULT_SQLITE_FILENAME);
  if (display === SQLITE_MEMORY) return { display, filename: SQLITE_MEMORY, memory: true };
  return { display, filename: path.resolve(cwd, display), memory: false };
}

/** Whether the database file is already there (an in-memory database always is). */
export function sqliteDatabaseExists(connection: ConnectionOptions = {}): boolean {
  const target = resolveSqliteTarget(connection);
  return target.memory || fs.existsSync(target.filename);
}

/**
 * `sqlite ./.gati/dev.sqlite`: a one-line description of the target for messages. Never throws; a malformed
 * connection is described as such.
 */
export function describeSqliteTarget(connection: ConnectionOptions = {}): string {
  try {
    return `sqlite ${resolveSqliteTarget(connection).display}`;
  } catch {
    return 'sqlite (invalid connection URL)';
  }
}

function pathFromUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  if (scheme?.toLowerCase() !== 'sqlite') {
    throw new ConfigError(
      `The sqlite adapter cannot use ${scheme ? `a "${scheme}:" URL` : 'a URL without a scheme'}. ` +
        `Write sqlite:./path.db, sqlite:/abs/path.db, sqlite:///abs/path.db or sqlite::memory:, or give { filename }.`,
    );
  }
  let rest = url.slice(scheme.length + 1);
  // `sqlite:///abs/path.db`: an empty authority followed by an absolute path.
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest.trim() === '') {
    throw new ConfigError('The sqlite URL names no database file. Write sqlite:./path.db, sqlite:/abs/path.db or sqlite::memory:.');
  }
  return rest;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The connection options with a configured `filename` made absolute against the project root (the folder of
 * `gati.config.ts`), or the embedded default `./.gati/dev.sqlite` there when neither a URL nor a file is given.
 * A URL stays as written: a `sqlite:` URL is relative to the working directory.
 *
 * @example
 * ```ts
 * resolveSqliteConnection({}, { root: '/project' }); // { filename: '/project/.gati/dev.sqlite' }
 * ```
 */
export function resolveSqliteConnection(connection: ConnectionOptions, context: { readonly root: string }): ConnectionOptions {
  if (nonEmpty(connection.url) !== undefined) return connection;
  const filename = nonEmpty(connection.filename) ?? DEFAULT_SQLITE_FILENAME;
  return { ...connection, filename: filename === SQLITE_MEMORY ? filename : path.resolve(context.root, filename) };
}
