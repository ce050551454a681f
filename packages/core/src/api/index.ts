export * from './generate';
export * from './migrate-up';
export * from './migrate-down';
export * from './migration-status';
export * from './create-migration';
export * from './migrate-to-version';
export type { RegistryRecord } from './record-in-registry';
export { openDatabase, withDatabase } from './open-database';
export { parseRenameFlag, type RenameHint } from './rename-decisions';
