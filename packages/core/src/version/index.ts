export * from './version-id';
export * from './migration-name';
export {
  type RegistryVersion,
  type TimescapeRegistry,
  findRegistryVersion,
  knownRegistryTags,
  newestRegistryVersion,
  readTimescapeRegistry,
  registryFile,
  resolveRegistryTag,
} from './timescape-registry';
export { recordDbSchemaVersion } from './record-db-schema-version';
export { defaultVersion } from './default-version';
export { migrationVersion } from './version-flag';
