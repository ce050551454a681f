import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { type DocumentLock, LockTimeoutError } from '@gati-framework/migrations';
import type { Db } from 'mongodb';

/** How long a lease lasts without a heartbeat: a crashed holder's lock is free again after this. */
export const LOCK_LEASE_MS = 30_000;
/** How often the holder renews its lease. */
export const LOCK_HEARTBEAT_MS = 10_000;
const POLL_MS = 250;

/** The one lock document of `<tableName>_lock`. */
const LOCK_ID = 'migrate';

interface LockDocument {
  _id: string;
  holder: string | null;
  acquiredAt?: Date;
  expiresAt: Date;
}

export interface MongodbLockOptions {
  readonly timeoutMs: number;
  readonly leaseMs?: number;
  readonly heartbeatMs?: number;
}

/**
 * Takes the migration lock: the document `{ _id: 'migrate' }` of `<tableName>_lock`, taken by one atomic update
 * when it has no holder or its lease expired, the lease's end set from the server's clock (`$$NOW`), so clocks
 * of deployers do not matter. A heartbeat renews the lease while it is held; a crashed holder's lease simply
 * expires (no TTL index involved). Waits up to `timeoutMs` for another holder, then LOCK_TIMEOUT naming it.
 */
export async function acquireMongodbLock(db: Db, collection: string, options: MongodbLockOptions): Promise<DocumentLock> {
  const locks = db.collection<LockDocument>(collection);
  const leaseMs = options.leaseMs ?? LOCK_LEASE_MS;
  const holder = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  try {
    await locks.updateOne({ _id: LOCK_ID }, { $setOnInsert: { holder: null, expiresAt: new Date(0) } }, { upsert: true });
  } catch (error) {
    // Two deployers creating the lock document at once: one insert wins, the other sees a duplicate key.
    if ((error as { code?: unknown }).code !== 11000) throw error;
  }
  const started = Date.now();
  for (;;) {
    const taken = await locks.updateOne(
      { _id: LOCK_ID, $expr: { $or: [{ $eq: [{ $ifNull: ['$holder', null] }, null] }, { $lte: ['$expiresAt', '$$NOW'] }] } },
      [{ $set: { holder: { $literal: holder }, acquiredAt: '$$NOW', expiresAt: { $add: ['$$NOW', leaseMs] } } }],
    );
    if (taken.matchedCount === 1) return new HeldMongodbLock(db, collection, holder, leaseMs, options.heartbeatMs ?? LOCK_HEARTBEAT_MS);
    if (Date.now() - started >= options.timeoutMs) {
      const current = await locks.findOne({ _id: LOCK_ID });
      const by = current?.holder ? ` by ${current.holder}${current.acquiredAt ? ` since ${current.acquiredAt.toISOString()}` : ''}` : '';
      throw new LockTimeoutError(
        `The migration lock (${collection}) is held${by}: another deployer is migrating. Gave up after ${Math.round(options.timeoutMs / 1000)} s; run again when it is done (a crashed holder's lease expires ${Math.round(leaseMs / 1000)} s after its last heartbeat).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Whether a deployer holds the lock now: it has a holder whose lease has not expired. */
export async function mongodbLockHeld(db: Db, collection: string): Promise<boolean> {
  const held = await db
    .collection<LockDocument>(collection)
    .findOne({ _id: LOCK_ID, holder: { $ne: null }, $expr: { $gt: ['$expiresAt', '$$NOW'] } });
  return held !== null;
}

class HeldMongodbLock implements DocumentLock {
  #lost = false;
  #released = false;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly collection: string,
    private readonly holder: string,
    private readonly leaseMs: number,
    heartbeatMs: number,
  ) {
    this.#timer = setInterval(() => {
      this.renew().catch(() => undefined);
    }, heartbeatMs);
    this.#timer.unref();
  }

  /** Extends the lease while it is still ours and not expired; false once it was lost. */
  private async renew(): Promise<boolean> {
    if (this.#lost || this.#released) return !this.#lost;
    const renewed = await this.db
      .collection<LockDocument>(this.collection)
      .updateOne({ _id: LOCK_ID, holder: this.holder, $expr: { $gt: ['$expiresAt', '$$NOW'] } }, [
        { $set: { expiresAt: { $add: ['$$NOW', this.leaseMs] } } },
      ]);
    if (renewed.matchedCount === 0) this.#lost = true;
    return !this.#lost;
  }

  async assertHeld(): Promise<void> {
    if (await this.renew()) return;
    clearInterval(this.#timer);
    throw new LockTimeoutError(
      `The migration lock's lease was lost (no heartbeat for ${Math.round(this.leaseMs / 1000)} s, so it expired, and another deployer may hold it now): stopping before the next step. Run gati migrate:status, then gati migrate:up again.`,
    );
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#timer);
    if (this.#lost) return;
    await this.db
      .collection<LockDocument>(this.collection)
      .updateOne({ _id: LOCK_ID, holder: this.holder }, [{ $set: { holder: null, expiresAt: '$$NOW' } }]);
  }
}
