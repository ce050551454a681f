export * from './define-config';
export * from './resolved-config';
export * from './load-config';
export { adapterNameForUrl } from './adapter-from-url';
export { resolveAdapter } from './resolve-adapter';
export { loadUserModule } from './module-loader';
export { resolveEntityFiles } from './entity-files';
