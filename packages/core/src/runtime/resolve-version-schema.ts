import type { VersionSchema } from '../adapter/version-sessions';
import { compareVersions, isVersionId, parseVersion } from '../version/version-id';

/** The schema a handler's connections use, and the version id that schema belongs to (`gati.version`). */
export interface ResolvedVersionSchema {
  /** Undefined when the database has no version schema at all: the tables themselves. */
  readonly schema: string | undefined;
  readonly version: string;
}

/**
 * Which version schema a handler of `version` reads and writes through: the one of the greatest version at or
 * before it (a version whose migration changed nothing has no schema of its own, and uses the latest earlier
 * one). Versions are compared as the core orders them (by time, then by id), so ISO and `tsv:` ids mix. Schemas
 * whose comment is not a version id are not version schemas and are passed over.
 *
 * With no version schema at or before it (no zero-downtime migration ever ran, or the handler is of the version
 * that was live before the first one, serving while a later version's migration is expanded) the handler uses
 * the tables themselves, and `version` stays its own: its writes count as the old version's.
 *
 * @example
 * ```ts
 * resolveVersionSchema('tsv:1707991300-products-003', [
 *   { schema: 'gati_v_1707991200_products_002', version: 'tsv:1707991200-products-002' },
 * ]); // { schema: 'gati_v_1707991200_products_002', version: 'tsv:1707991200-products-002' }
 * ```
 */
export function resolveVersionSchema(version: string, schemas: readonly VersionSchema[]): ResolvedVersionSchema {
  const handler = parseVersion(version);
  const candidates = schemas
    .filter((entry) => isVersionId(entry.version))
    .map((entry) => ({ ...entry, parsed: parseVersion(entry.version) }))
    .sort((a, b) => compareVersions(a.parsed, b.parsed));
  if (candidates.length === 0) return { schema: undefined, version: handler.id };
  const chosen = candidates.filter((entry) => compareVersions(entry.parsed, handler) <= 0).at(-1);
  if (chosen === undefined) return { schema: undefined, version: handler.id };
  return { schema: chosen.schema, version: chosen.version };
}
