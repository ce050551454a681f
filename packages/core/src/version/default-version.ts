import { UsageError } from '../errors';
import { type TimescapeRegistry, newestRegistryVersion } from './timescape-registry';
import { isVersionId, versionForNow } from './version-id';

/**
 * The version a new migration belongs to when `--version` is not given: the newest version in the Timescape
 * registry (by timestamp, then id) where the project has one, else the current UTC time.
 *
 * @example
 * defaultVersion(readTimescapeRegistry(config.root), new Date()); // 'tsv:1710410400-products-003'
 */
export function defaultVersion(registry: TimescapeRegistry | undefined, now: Date): string {
  const newest = newestRegistryVersion(registry);
  if (!newest) return versionForNow(now);
  if (!isVersionId(newest.tsv)) {
    throw new UsageError(
      `The newest version in ${registry!.file}, "${newest.tsv}", is not a Timescape id (tsv:<unix-seconds>-<handler>-<NNN>): pass --version to say which version this migration belongs to.`,
    );
  }
  return newest.tsv;
}
