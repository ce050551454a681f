export * from './version-id';
export * from './migration-name';
