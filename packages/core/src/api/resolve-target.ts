import path from 'node:path';
import { UsageError } from '../errors';
import { type MigrationFile, readDeclaredVersion } from '../runner/migration-files';
import { type VersionId, compareVersions, isVersionId, parseVersion } from '../version';

/**
 * The migration a `--to` names: a migration file (`20240115100000_add_email`, with or without extension or
 * folder), or a version (ISO timestamp or Timescape id): the last migration whose version is at or before it.
 */
export function resolveTarget(files: readonly MigrationFile[], to: string): MigrationFile {
  const base = path.basename(to).replace(/\.(ts|mts|js|mjs|cjs)$/, '');
  const byName = files.find((f) => f.name === base);
  if (byName) return byName;
  if (!isVersionId(to)) {
    throw new UsageError(`--to ${to}: no migration file has that name, and it is not a version id (ISO 8601 UTC timestamp or tsv:…).`);
  }
  const target = parseVersion(to);
  const atOrBefore = files.filter((f) => {
    const version = readDeclaredVersion(f.file);
    if (version === undefined || !isVersionId(version)) return false;
    const parsed = parseVersion(version);
    // A timestamp names a moment: every version made at or before it counts, a `tsv:` id of the same second
    // included (ordering by id, as compareVersions does for ties, would put `tsv:…` after any timestamp).
    if (target.kind === 'iso') return momentMs(parsed) <= Date.parse(target.id);
    return compareVersions(parsed, target) <= 0;
  });
  const found = atOrBefore[atOrBefore.length - 1];
  if (!found) throw new UsageError(`--to ${to}: no migration belongs to that version or an earlier one.`);
  return found;
}

/** When a version was made, in milliseconds: a timestamp's own precision, a `tsv:` id's second. */
function momentMs(version: VersionId): number {
  return version.kind === 'iso' ? Date.parse(version.id) : version.seconds * 1000;
}
