export * from './model';
export * from './errors';
export * from './adapter';
export * from './diff/change-set';
