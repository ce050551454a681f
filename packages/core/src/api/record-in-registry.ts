import fs from 'node:fs';
import { RegistryError, describeCause } from '../errors';
import { type TimescapeRegistry, recordDbSchemaVersion } from '../version';

/** What a new migration did to the Timescape registry. */
export interface RegistryRecord {
  /** The registry file. */
  readonly file: string;
  readonly version: string;
  /** True: the migration is now that version's `dbSchemaVersion`. False: the registry has no such version, and was left as it is. */
  readonly recorded: boolean;
}

/**
 * Records a just-written migration as its version's `dbSchemaVersion`, last, so that the migration, its snapshot
 * and the registry change together: when the registry cannot be written, the files just written are removed
 * again and the error says so. Undefined when the project has no registry.
 */
export function recordInRegistry(
  registry: TimescapeRegistry | undefined,
  migration: { readonly name: string; readonly version: string; readonly written: readonly string[] },
): RegistryRecord | undefined {
  if (!registry) return undefined;
  try {
    return {
      file: registry.file,
      version: migration.version,
      recorded: recordDbSchemaVersion(registry.file, migration.version, migration.name),
    };
  } catch (error) {
    for (const file of migration.written) fs.rmSync(file, { force: true });
    throw new RegistryError(
      'REGISTRY_WRITE_FAILED',
      `${describeCause(error)} ${migration.name} was not recorded as the dbSchemaVersion of ${migration.version}, so the files just written (${migration.written.join(', ')}) were removed again. Fix that, then run the command again.`,
      { cause: error },
    );
  }
}
