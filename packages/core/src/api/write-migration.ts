import type { SchemaModel } from '../model';
import { SNAPSHOT_FORMAT, type Snapshot, serializeSnapshot, snapshotPath } from '../snapshot';
import type { TimescapeRegistry } from '../version';
import { type RegistryRecord, recordInRegistry } from './record-in-registry';
import { writeFilesAtomically } from './write-files';

/** A generated migration ready to be written: its file, its code, and the schema after it. */
export interface MigrationToWrite {
  readonly directory: string;
  readonly name: string;
  readonly file: string;
  readonly code: string;
  readonly version: string;
  /** The schema after the migration: its snapshot. */
  readonly after: SchemaModel;
  /** The snapshot it follows, if any: the new one's parent. */
  readonly parentId: string | null;
}

/**
 * Writes a generated migration and its snapshot (both or neither), then records it in the Timescape registry
 * where the project has one (see recordInRegistry). The same for every database family.
 */
export function writeMigrationWithSnapshot(
  migration: MigrationToWrite,
  registry: TimescapeRegistry | undefined,
): { readonly snapshotFile: string; readonly registry?: RegistryRecord } {
  const { directory, name, file, code, version, after, parentId } = migration;
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, id: name, parentId, version, schema: after };
  const snapshotFile = snapshotPath(directory, name);
  writeFilesAtomically([
    { file, text: code },
    { file: snapshotFile, text: serializeSnapshot(snapshot) },
  ]);
  const recorded = recordInRegistry(registry, { name, version, written: [file, snapshotFile] });
  return { snapshotFile, ...(recorded ? { registry: recorded } : {}) };
}
