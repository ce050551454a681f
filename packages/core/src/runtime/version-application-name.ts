/** PostgreSQL keeps 63 bytes of an application name (NAMEDATALEN - 1). */
export const MAX_APPLICATION_NAME_BYTES = 63;

/**
 * What a version's connections call themselves in the database (`pg_stat_activity.application_name`):
 * `gati <schema version>`, and ` for <handler version>` when the handler uses an earlier version's schema; cut to
 * 63 bytes on a character boundary.
 *
 * @example
 * ```ts
 * versionApplicationName('tsv:1707991200-products-002', 'tsv:1707991300-orders-001');
 * // 'gati tsv:1707991200-products-002 for tsv:1707991300-orders-001'
 * ```
 */
export function versionApplicationName(schemaVersion: string, handlerVersion: string): string {
  const name = schemaVersion === handlerVersion ? `gati ${schemaVersion}` : `gati ${schemaVersion} for ${handlerVersion}`;
  return cutToBytes(name, MAX_APPLICATION_NAME_BYTES);
}

/** `text` cut to at most `bytes` bytes of UTF-8, never inside a character. */
export function cutToBytes(text: string, bytes: number): string {
  let kept = '';
  let size = 0;
  for (const character of text) {
    size += Buffer.byteLength(character);
    if (size > bytes) break;
    kept += character;
  }
  return kept;
}
