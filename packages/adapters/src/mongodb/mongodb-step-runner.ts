import { type DocumentMigrationStep, type DocumentStepRun, GatiError } from '@gati-framework/migrations';
import type { Db, MongoClient } from 'mongodb';
import { createMongoStepContext } from './mongodb-step-context';
import type { MongoMigrationStep } from './define-mongo-migration';

/** Where and how steps run on one connection. */
export interface MongoStepRunnerOptions {
  readonly client: MongoClient;
  readonly db: Db;
  readonly historyCollection: string;
  readonly batchSize: number;
  /** The server runs transactions (a replica set or a sharded cluster; not a standalone server). */
  readonly transactions: boolean;
}

/**
 * Runs one step's `up` or `down` with its step context: a step marked `transaction: true` gets a session on a
 * server with transactions (its batches run in transactions of it); on a standalone server every step gets no
 * session, so nothing that needs a transaction is sent.
 */
export async function runMongoStep(options: MongoStepRunnerOptions, step: DocumentMigrationStep, run: DocumentStepRun): Promise<void> {
  const mongoStep = step as MongoMigrationStep;
  const work = run.direction === 'up' ? mongoStep.up : mongoStep.down;
  if (!work) throw new GatiError('NO_DOWN', `The step "${step.name}" of ${run.migration} has no down.`);
  const session = step.transaction === true && options.transactions ? options.client.startSession() : undefined;
  try {
    const context = createMongoStepContext({
      db: options.db,
      historyCollection: options.historyCollection,
      migration: run.migration,
      stepNumber: run.stepNumber,
      direction: run.direction,
      progress: run.progress,
      batchSize: options.batchSize,
      session,
    });
    await work(options.db, context);
  } finally {
    await session?.endSession();
  }
}
