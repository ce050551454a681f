import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, type DialectAdapter, type Dialect } from 'kysely';
import { ConnectionError, describeCause, type ConnectionOptions } from '@gati-framework/migrations';
import { resolveSqliteTarget, type SqliteTarget } from './sqlite-connection-target';

/** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * A Kysely `SqliteDialect` on better-sqlite3 for `{ url }` or `{ filename }` (see `resolveSqliteTarget`).
 *
 * Nothing is opened here: the file (and its missing parent directories) is opened when Kysely runs its first
 * query, and a failure surfaces there as a {@link ConnectionError} naming the file and the reason. A malformed
 * URL throws a `ConfigError` right away.
 *
 * Every connection starts with `PRAGMA foreign_keys = OFF` and `PRAGMA busy_timeout = 5000`.
 *
 * @example
 * ```ts
 * import { Kysely } from 'kysely';
 * import { createSqliteDialect } from '@gati-framework/migrations-adapters/sqlite';
 *
 * const db = new Kysely<any>({ dialect: createSqliteDialect({ url: 'sqlite:./.gati/dev.sqlite' }) });
 * ```
 */
export function createSqliteDialect(connection: ConnectionOptions = {}): Dialect {
  const target = resolveSqliteTarget(connection);
  return new TransactionalDdlSqliteDialect({
    database: () => openSqliteDatabase(target),
    async onCreateConnection(conn) {
      // better-sqlite3 turns foreign-key enforcement ON for every database it opens; SQLite's default is OFF.
      // Migrations need it OFF: the table-rebuild procedure that SQLite requires for most ALTERs (create the
      // new table, copy, drop the old one, rename) would otherwise cascade deletes or fail on the DROP. The
      // pragma is a no-op inside a transaction, so it must be set here, before the migrator opens one.
      // (https://www.sqlite.org/lang_altertable.html#otheralter, step 1.)
      await conn.executeQuery(CompiledQuery.raw('PRAGMA foreign_keys = OFF'));
      // Wait for a concurrent writer (another `gati` run, the app in dev) instead of failing at once.
      await conn.executeQuery(CompiledQuery.raw(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`));
    },
  });
}

/**
 * Kysely's `SqliteAdapter` reports `supportsTransactionalDdl: false`, so its Migrator would run each migration
 * outside a transaction and a migration failing half-way would leave its first statements applied. SQLite's DDL
 * is transactional (see `sqliteCapabilities`), so the adapter says so and every migration runs in one.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * Opens the database file with better-sqlite3, creating its parent directory if needed, and checks that it is
 * a SQLite database. Throws a {@link ConnectionError} naming the file and the reason.
 */
export async function openSqliteDatabase(target: SqliteTarget): Promise<BetterSqlite3.Database> {
  let Database: typeof BetterSqlite3;
  try {
    // Loaded on first connection, so that importing the adapter does not load the native module.
    Database = (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new ConnectionError(
      `Cannot open the SQLite database ${describeFile(target)}: the better-sqlite3 driver could not be loaded ` +
        `(${describeCause(cause)}). Install it with \`npm install better-sqlite3\`.`,
      { cause },
    );
  }

  if (!target.memory) {
    const directory = path.dirname(target.filename);
    try {
      fs.mkdirSync(directory, { recursive: true });
    } catch (cause) {
      throw new ConnectionError(
        `Cannot open the SQLite database ${describeFile(target)}: its directory cannot be created (${fsReason(cause)}).`,
        { cause },
      );
    }
    if (isDirectory(target.filename)) {
      throw new ConnectionError(`Cannot open the SQLite database ${describeFile(target)}: it is a directory, not a file.`);
    }
  }

  let database: BetterSqlite3.Database | undefined;
  try {
    database = new Database(target.filename);
    // Opening is lazy in SQLite: reading the schema is what finds out whether the file is a database at all.
    database.prepare('SELECT count(*) FROM sqlite_master').get();
    return database;
  } catch (cause) {
    try {
      database?.close();
    } catch {
      // already unusable; the original error is what matters
    }
    throw new ConnectionError(`Cannot open the SQLite database ${describeFile(target)}: ${sqliteReason(cause)}.`, {
      cause,
    });
  }
}

/** `./data/app.db (/project/data/app.db)`: as written, and where that is when it was relative. */
function describeFile(target: SqliteTarget): string {
  return target.memory || target.display === target.filename ? target.display : `${target.display} (${target.filename})`;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function fsReason(cause: unknown): string {
  switch ((cause as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of its path is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return describeCause(cause);
  }
}

function sqliteReason(cause: unknown): string {
  switch ((cause as { code?: unknown } | undefined)?.code) {
    case 'SQLITE_NOTADB':
      return 'the file is not a SQLite database';
    case 'SQLITE_CORRUPT':
      return 'the database file is corrupt';
    case 'SQLITE_CANTOPEN':
      return 'unable to open the database file (check that it is readable and writable)';
    case 'SQLITE_PERM':
    case 'SQLITE_READONLY':
      return 'permission denied';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'the database is locked by another process';
    default:
      return describeCause(cause);
  }
}
