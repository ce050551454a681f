export * from './logical-type';
export * from './schema-model';
export * from './naming';
