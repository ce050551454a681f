import { createHash } from 'node:crypto';

const MAX_IDENTIFIER_BYTES = 63;
const PREFIX = 'gati_v_';

/**
 * The schema of views a Timescape version sees its tables through: `gati_v_` and the version id (without `tsv:`), lowercased,
 * every run of other characters than a-z and 0-9 made one `_` (`tsv:1707991200-products-002` ->
 * `gati_v_1707991200_products_002`); cut to PostgreSQL's 63 bytes with a hash of the id where it is longer.
 */
export function versionSchemaName(version: string): string {
  const slug = version
    .replace(/^tsv:/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const name = `${PREFIX}${slug}`;
  if (name.length <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash('sha1').update(version).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER_BYTES - hash.length - 1)}_${hash}`;
}
