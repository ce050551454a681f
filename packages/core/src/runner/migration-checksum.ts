import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { meaningfulTokens } from './code-tokens';

/** Bumped when what the checksum covers changes, so that old and new checksums are never compared. */
export const CHECKSUM_FORMAT = 'g1';

/**
 * A migration file's checksum: SHA-256 of its meaningful tokens (see {@link meaningfulTokens}), so that line
 * endings, prettier and comments do not change it and any change to the code does. `g1:` + 64 hex digits.
 *
 * @example
 * migrationChecksum("up: async (db) => { await db.schema.dropTable('a').execute(); }") ===
 *   migrationChecksum('up: async db => {\r\n  await db.schema.dropTable("a").execute()\r\n}'); // true
 */
export function migrationChecksum(source: string): string {
  const hash = createHash('sha256');
  // Each token followed by a NUL, hashed in one call (one call per token costs more than the scan itself).
  const tokens = meaningfulTokens(source);
  if (tokens.length > 0) hash.update(`${tokens.join('\u0000')}\u0000`);
  return `${CHECKSUM_FORMAT}:${hash.digest('hex')}`;
}

/** The checksum of a migration file on disk. */
export function fileChecksum(file: string): string {
  return migrationChecksum(fs.readFileSync(file, 'utf8'));
}
