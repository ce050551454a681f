export * from './define-config';
export * from './resolved-config';
export * from './load-config';
export { adapterNameForUrl } from './adapter-from-url';
export { resolveAdapter, type ResolveAdapterOptions } from './resolve-adapter';
export {
  ADAPTERS_PACKAGE,
  BUILT_IN_ADAPTERS,
  type BuiltInAdapterLoader,
  type BuiltInAdapterName,
  isBuiltInAdapterName,
} from './built-in-adapters';
export { loadUserModule } from './module-loader';
export { resolveEntityFiles } from './entity-files';
export { requireSqlConfig, resolveSqlConfig } from './sql-config';
