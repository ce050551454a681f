export * from './logical-type';
export * from './schema-model';
export * from './naming';
export * from './qualified-name';
export * from './code-point-order';
