import { createHash } from 'node:crypto';

const MAX_IDENTIFIER_BYTES = 63;

/**
 * The names of what a zero-downtime expand creates, all starting `_gati_zd_` so that rollback, status and the
 * version schemas can tell them from the application's own: cut to 63 bytes with a hash where longer.
 */
export function zeroDowntimeName(kind: 'column' | 'sync' | 'not_null' | 'index', name: string): string {
  const prefix = { column: '_gati_zd_', sync: '_gati_zd_sync_', not_null: '_gati_zd_nn_', index: '_gati_zd_ix_' }[kind];
  const full = `${prefix}${name}`;
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_BYTES) return full;
  const hash = createHash('sha1').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_IDENTIFIER_BYTES - 9)}_${hash}`;
}

/** Whether a column is one of the expand's own (a new column waiting for its contract). */
export function isZeroDowntimeColumn(name: string): boolean {
  return name.startsWith('_gati_zd_');
}
