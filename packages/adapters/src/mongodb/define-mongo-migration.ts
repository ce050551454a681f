import { type DocumentMigrationDefinition, type DocumentMigrationStep, defineDocumentMigration } from '@gati-framework/migrations';
import type { Db } from 'mongodb';
import type { MongoStepContext } from './mongodb-step-context';

/** One step of a MongoDB migration: `up` and `down` get the driver's `Db` and the step context. */
export type MongoMigrationStep = DocumentMigrationStep<Db, MongoStepContext>;

/** A MongoDB migration, as `defineMongoMigration` returns it. */
export type MongoMigrationDefinition = DocumentMigrationDefinition<Db, MongoStepContext>;

/**
 * Declares a MongoDB migration: steps over the driver's `Db`, each with its own undo, recorded one by one in
 * the history (a failed migration resumes at its first unfinished step).
 *
 * @example
 * export default defineMongoMigration({
 *   version: '2024-01-15T10:00:00Z',
 *   steps: [
 *     {
 *       name: 'create index users.email',
 *       up: async (db, ctx) => { await db.collection('users').createIndex({ email: 1 }, { unique: true, session: ctx.session }); },
 *       down: async (db, ctx) => { await db.collection('users').dropIndex('email_1', { session: ctx.session }); },
 *     },
 *   ],
 * });
 */
export function defineMongoMigration(migration: Omit<MongoMigrationDefinition, 'family'>): MongoMigrationDefinition {
  return defineDocumentMigration<Db, MongoStepContext>(migration);
}
