import fs from 'node:fs';
import path from 'node:path';
import { GatiError } from '../errors';
import { compareCodePoints, deepFreeze, normalizeSchema } from '../model';
import { SNAPSHOT_FORMAT, type Snapshot } from './snapshot';

/** Snapshots live in `<migrations>/meta/<migration id>.snapshot.json`. */
export function snapshotDirectory(migrationsDirectory: string): string {
  return path.join(migrationsDirectory, 'meta');
}

export function snapshotPath(migrationsDirectory: string, id: string): string {
  return path.join(snapshotDirectory(migrationsDirectory), `${id}.snapshot.json`);
}

/** The newest snapshot (by migration id, which sorts in apply order), or undefined in a new project. */
export function readLatestSnapshot(migrationsDirectory: string): Snapshot | undefined {
  const dir = snapshotDirectory(migrationsDirectory);
  if (!fs.existsSync(dir)) return undefined;
  const latest = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.snapshot.json'))
    .sort(compareCodePoints)
    .pop();
  return latest ? readSnapshot(path.join(dir, latest)) : undefined;
}

/**
 * The snapshot of migration `id` where it has one, else the newest snapshot before it (by migration id, which
 * sorts in apply order): the schema the migrations up to `id` leave, as far as snapshots know it. Undefined
 * when no snapshot is at or before it.
 */
export function readSnapshotAtOrBefore(migrationsDirectory: string, id: string): Snapshot | undefined {
  const dir = snapshotDirectory(migrationsDirectory);
  if (!fs.existsSync(dir)) return undefined;
  const suffix = '.snapshot.json';
  const found = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(suffix) && compareCodePoints(name.slice(0, -suffix.length), id) <= 0)
    .sort(compareCodePoints)
    .pop();
  return found ? readSnapshot(path.join(dir, found)) : undefined;
}

export function readSnapshot(file: string): Snapshot {
  let parsed: Snapshot;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  } catch (cause) {
    throw new GatiError('SNAPSHOT_INVALID', `The snapshot ${file} cannot be read: ${(cause as Error).message}`, { cause });
  }
  if (parsed.format !== SNAPSHOT_FORMAT || !parsed.schema || !Array.isArray(parsed.schema.tables)) {
    throw new GatiError('SNAPSHOT_INVALID', `The snapshot ${file} is not a gati-migrations snapshot (format ${SNAPSHOT_FORMAT}).`);
  }
  return deepFreeze(parsed);
}

/** The snapshot file's text: stable key order and a trailing newline, so that diffs in review stay small. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify({ ...snapshot, schema: normalizeSchema(snapshot.schema) }, null, 2)}\n`;
}
