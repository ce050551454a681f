import * as fs from 'node:fs';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { LockTimeoutError, type ConnectionOptions, type LockOptions, type MigrationLock } from '@gati-framework/migrations';
import { resolveSqliteTarget } from './sqlite-connection-target';

const POLL_MS = 50;

/**
 * The migration lock for a SQLite database: an IMMEDIATE transaction held on a small companion database
 * (`<file>.gati-lock`), so it never blocks the migration's own connection yet excludes every other deployer.
 * SQLite's locks are the operating system's file locks, so a crashed process releases it. An in-memory database
 * is private to its process and needs no lock.
 */
export async function acquireSqliteLock(connection: ConnectionOptions, options: LockOptions): Promise<MigrationLock> {
  const target = resolveSqliteTarget(connection);
  if (target.memory) return { release: async () => undefined };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the driver loads only when a lock is taken
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  fs.mkdirSync(path.dirname(target.filename), { recursive: true });
  const lockDb = new Database(`${target.filename}.gati-lock`);
  lockDb.pragma('busy_timeout = 0');
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      lockDb.exec('BEGIN IMMEDIATE');
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') {
        lockDb.close();
        throw error;
      }
      if (Date.now() >= deadline) {
        lockDb.close();
        throw new LockTimeoutError(
          `Another deployer holds the migration lock of sqlite ${target.display} (waited ${Math.round(options.timeoutMs / 1000)} s). Try again when it has finished.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS + Math.random() * POLL_MS));
    }
  }
  let held = true;
  return {
    async release() {
      if (!held) return;
      held = false;
      lockDb.exec('ROLLBACK');
      lockDb.close();
    },
  };
}
