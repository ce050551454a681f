export { defineMongoMigration, type MongoMigrationDefinition, type MongoMigrationStep } from './define-mongo-migration';
export type { MongoStepContext } from './mongodb-step-context';
