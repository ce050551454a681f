import { UsageError } from '../errors';
import { defaultVersion } from './default-version';
import { type TimescapeRegistry, knownRegistryTags, resolveRegistryTag } from './timescape-registry';
import { isVersionId, parseVersion } from './version-id';

/**
 * The version a new migration belongs to, from `--version` (`generate`, `create`, `baseline`): a version id as
 * written, or a tag of the Timescape registry (`v2.0.0`, `stable`) resolved to the version it names, as `--to`
 * resolves it; without the flag, the {@link defaultVersion}. A tag the registry does not know is a usage error
 * that lists the known tags.
 *
 * @example
 * migrationVersion(readTimescapeRegistry(config.root), 'v2.0.0', new Date()); // 'tsv:1710410400-products-002'
 */
export function migrationVersion(registry: TimescapeRegistry | undefined, flag: string | undefined, now: Date): string {
  if (flag === undefined) return defaultVersion(registry, now);
  if (isVersionId(flag) || !registry) return parseVersion(flag).id;
  const tagged = resolveRegistryTag(registry, flag);
  if (tagged === undefined) {
    const tags = knownRegistryTags(registry);
    throw new UsageError(
      `--version ${flag} is neither a version id (an ISO 8601 UTC timestamp such as 2024-01-15T10:00:00Z, or tsv:<unix-seconds>-<handler>-<NNN>) nor a tag in ${registry.file}.` +
        (tags.length > 0 ? ` Known tags: ${tags.join(', ')}.` : ' The registry has no tags.'),
    );
  }
  if (!isVersionId(tagged)) {
    throw new UsageError(`--version ${flag}: the tag names "${tagged}", which is not a version id: pass the version itself.`);
  }
  return tagged;
}
