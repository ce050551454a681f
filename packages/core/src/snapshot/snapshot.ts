import type { SchemaModel } from '../model';

export const SNAPSHOT_FORMAT = 1;

/** The schema model after a migration, committed next to it so that the next `generate` diffs against it. */
export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** The migration's file name without extension. */
  readonly id: string;
  /** The previous migration's id; null for the first. */
  readonly parentId: string | null;
  readonly version: string;
  readonly schema: SchemaModel;
}
