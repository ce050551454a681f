import path from 'node:path';
import { UsageError } from '../errors';
import { type MigrationFile, readDeclaredVersion } from '../runner/migration-files';
import {
  type TimescapeRegistry,
  type VersionId,
  compareVersions,
  findRegistryVersion,
  isVersionId,
  knownRegistryTags,
  parseVersion,
  readTimescapeRegistry,
  registryFile,
  resolveRegistryTag,
} from '../version';

/**
 * The migration a `--to` names:
 * - a migration file (`20240115100000_add_email`, with or without extension or folder);
 * - a version id (ISO 8601 UTC timestamp or `tsv:<unix-seconds>-<handler>-<NNN>`), or a tag of the project's
 *   Timescape registry (`v1.0.0`, `stable`): the migration the registry records as that version's
 *   `dbSchemaVersion` where it names one that exists, otherwise the last migration whose version is at or
 *   before it (for a timestamp: the latest migration made at or before that moment).
 *
 * The registry (`<project.root>/.gati/timescape/registry.json`) is read only when `to` is not a file name.
 *
 * @example
 * resolveTarget(listMigrationFiles(config.directory), 'v1.0.0', config).name; // '20240115100000_create_products'
 */
export function resolveTarget(files: readonly MigrationFile[], to: string, project?: { readonly root: string }): MigrationFile {
  const byName = findByName(files, to);
  if (byName) return byName;
  const registry = project ? readTimescapeRegistry(project.root) : undefined;
  const version = isVersionId(to) ? to : resolveRegistryTag(registry, to);
  if (version === undefined) throw unknownTarget(to, registry, project);
  const pinned = findByName(files, findRegistryVersion(registry, version)?.dbSchemaVersion);
  if (pinned) return pinned;
  const found = lastAtOrBefore(files, versionIdOf(version, to, registry));
  if (!found) {
    const named = version === to ? to : `${to} (${version})`;
    throw new UsageError(`--to ${named}: no migration belongs to that version or an earlier one.${knownTagsNote(registry)}`);
  }
  return found;
}

/** The migration file `name` names, with or without extension or folder. */
function findByName(files: readonly MigrationFile[], name: string | undefined): MigrationFile | undefined {
  if (name === undefined) return undefined;
  const base = path.basename(name).replace(/\.(ts|mts|js|mjs|cjs)$/, '');
  return files.find((f) => f.name === base);
}

/** A tag's version as an ordered id: its own when it is well-formed, otherwise the registry's timestamp for it. */
function versionIdOf(version: string, to: string, registry: TimescapeRegistry | undefined): VersionId {
  if (isVersionId(version)) return parseVersion(version);
  const entry = findRegistryVersion(registry, version);
  if (entry) return { id: version, kind: 'tsv', seconds: entry.timestamp };
  throw new UsageError(`--to ${to}: the tag names ${version}, which is neither a version id nor a version in ${registry!.file}.`);
}

/** The last migration (in apply order) whose declared version is at or before `target`. */
function lastAtOrBefore(files: readonly MigrationFile[], target: VersionId): MigrationFile | undefined {
  const atOrBefore = files.filter((f) => {
    const version = readDeclaredVersion(f.file);
    if (version === undefined || !isVersionId(version)) return false;
    const parsed = parseVersion(version);
    // A timestamp names a moment: every version made at or before it counts, a `tsv:` id of the same second
    // included (ordering by id, as compareVersions does for ties, would put `tsv:…` after any timestamp).
    if (target.kind === 'iso') return momentMs(parsed) <= Date.parse(target.id);
    return compareVersions(parsed, target) <= 0;
  });
  return atOrBefore[atOrBefore.length - 1];
}

/** When a version was made, in milliseconds: a timestamp's own precision, a `tsv:` id's second. */
function momentMs(version: VersionId): number {
  return version.kind === 'iso' ? Date.parse(version.id) : version.seconds * 1000;
}

function unknownTarget(to: string, registry: TimescapeRegistry | undefined, project: { readonly root: string } | undefined): UsageError {
  const start = `--to ${to}: no migration file has that name, and it is`;
  if (registry) {
    return new UsageError(`${start} neither a version id (${VERSION_FORMS}) nor a tag in ${registry.file}.${knownTagsNote(registry)}`);
  }
  const file = project ? registryFile(project.root) : '.gati/timescape/registry.json';
  return new UsageError(`${start} not a version id (${VERSION_FORMS}); tags need a Timescape registry, and there is none (${file}).`);
}

const VERSION_FORMS = 'an ISO 8601 UTC timestamp such as 2024-01-15T10:00:00Z, or tsv:<unix-seconds>-<handler>-<NNN>';

function knownTagsNote(registry: TimescapeRegistry | undefined): string {
  if (!registry) return '';
  const tags = knownRegistryTags(registry);
  return tags.length > 0 ? ` Known tags: ${tags.join(', ')}.` : ' The registry has no tags.';
}
