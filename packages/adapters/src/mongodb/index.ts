export { defineMongoMigration, type MongoMigrationDefinition, type MongoMigrationStep } from './define-mongo-migration';
export type { MongoStepContext } from './mongodb-step-context';
export { mongodbAdapter, mongodbRuntime } from './mongodb-adapter';
export { mongodbAdapter as default } from './mongodb-adapter';
