export * from './adapter';
export * from './version-sessions';
export * from './dialect-capabilities';
export * from './type-mapping';
export * from './action-writers';
export * from './sql-string-literal';
export * from './zero-downtime-support';
