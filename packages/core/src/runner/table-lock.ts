import type { Kysely } from 'kysely';
import type { MigrationLock } from '../adapter';
import { LockTimeoutError } from '../errors';

const LOCK_ROW = 'migration_lock';
const POLL_MS = 100;

/**
 * The migration lock for adapters that bring none of their own: a row of `<tableName>_lock` (Kysely Migrator's
 * layout: `id`, `is_locked`) set with a compare-and-set UPDATE, polled until it is free or `timeoutMs` has
 * passed. A process that dies holding it leaves it set: the timeout message says how to clear it.
 */
export async function acquireTableLock(db: Kysely<any>, table: string, timeoutMs: number): Promise<MigrationLock> {
  await db.schema
    .createTable(table)
    .ifNotExists()
    .addColumn('id', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('is_locked', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  const exists = await db.selectFrom(table).select('id').where('id', '=', LOCK_ROW).executeTakeFirst();
  if (!exists) {
    // Two deployers may both find it missing; the primary key lets one insert win.
    await db
      .insertInto(table)
      .values({ id: LOCK_ROW, is_locked: 0 })
      .execute()
      .catch(() => undefined);
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await db
      .updateTable(table)
      .set({ is_locked: 1 })
      .where('id', '=', LOCK_ROW)
      .where('is_locked', '=', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) break;
    if (Date.now() >= deadline) {
      throw new LockTimeoutError(
        `Timed out after ${timeoutMs} ms waiting for the migration lock (table ${table}): another deployer holds it. ` +
          `If no deployer is running (one died holding it), clear it with UPDATE ${table} SET is_locked = 0.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * (1 + Math.random())));
  }
  let held = true;
  return {
    async release() {
      if (!held) return;
      held = false;
      await db.updateTable(table).set({ is_locked: 0 }).where('id', '=', LOCK_ROW).execute();
    },
  };
}
