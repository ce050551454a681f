import { createHash } from 'node:crypto';

/** What every version schema's name starts with. */
export const VERSION_SCHEMA_PREFIX = 'gati_v_';

/** PostgreSQL's longest identifier, in bytes (NAMEDATALEN - 1). */
export const MAX_SCHEMA_NAME_BYTES = 63;

/**
 * The schema of views that zero-downtime expand creates for a Timescape version: `gati_v_` and the version id
 * (without its `tsv:` prefix) lowercased, with every run of characters outside `[a-z0-9]` as one `_` (none at either end). A name longer than
 * 63 bytes is cut and ends with `_` and the first 8 hex digits of the id's SHA-1, so two long ids that share a
 * beginning still get two schemas. The schema's comment holds the version id itself (that is how the runtime
 * helper finds which versions have schemas); the name only has to be unique and valid unquoted.
 *
 * @example
 * ```ts
 * versionSchemaName('tsv:1707991200-products-002'); // 'gati_v_1707991200_products_002'
 * versionSchemaName('2024-01-15T10:00:00Z'); // 'gati_v_2024_01_15t10_00_00z'
 * ```
 */
export function versionSchemaName(version: string): string {
  const slug = version
    .replace(/^tsv:/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = `${VERSION_SCHEMA_PREFIX}${slug}`;
  if (name.length <= MAX_SCHEMA_NAME_BYTES) return name; // ASCII only: a character is a byte
  const hash = createHash('sha1').update(version).digest('hex').slice(0, 8);
  const kept = name.slice(0, MAX_SCHEMA_NAME_BYTES - hash.length - 1).replace(/_+$/, '');
  return `${kept}_${hash}`;
}
