/**
 * `@gati-framework/migrations/runtime`: what an application imports at run time to talk to its version's schema
 * during zero-downtime deploys. Small on purpose: it loads neither the TypeScript compiler nor prettier.
 */
export { DEFAULT_VERSION_POOL_SIZE, versionedKysely, type VersionedKyselyOptions } from './versioned-kysely';
export { resolveVersionSchema, type ResolvedVersionSchema } from './resolve-version-schema';
export { MAX_APPLICATION_NAME_BYTES, versionApplicationName } from './version-application-name';
export type { VersionSchema, VersionSession, VersionSessionMode, VersionSessions } from '../adapter/version-sessions';
export { versionSchemaName } from '../zero-downtime/version-schema';
