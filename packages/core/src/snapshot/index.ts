export * from './snapshot';
export * from './snapshot-store';
