export * from './migration-files';
export * from './history-table';
export * from './migrate';
export * from './capture-sql';
export { FileMigrationProvider } from './file-migration-provider';
export { loadMigration } from './load-migration';
