export { defineMongoMigration, type MongoMigrationDefinition, type MongoMigrationStep } from './define-mongo-migration';
export type { MongoStepContext } from './mongodb-step-context';
export { mongodbPlanning, planMongoMigration } from './mongodb-planning';
export { collectionSchema, isWidening, type JsonSchema } from './mongodb-validator';
export { collectionIndexes, diffCollectionIndexes, indexIdentity, type MongoIndex } from './mongodb-indexes';
export { mongodbAdapter, mongodbRuntime } from './mongodb-adapter';
export { mongodbAdapter as default } from './mongodb-adapter';
