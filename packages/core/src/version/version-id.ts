import { UsageError } from '../errors';
import { compareCodePoints } from '../model';

/** A parsed version id: an ISO 8601 UTC timestamp or a Timescape `tsv:<unix-seconds>-<handler>-<NNN>`. */
export interface VersionId {
  readonly id: string;
  readonly kind: 'iso' | 'tsv';
  /** Unix seconds: what versions are ordered by. */
  readonly seconds: number;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const TSV = /^tsv:(\d{1,12})-([A-Za-z0-9_./-]+)-(\d{3,})$/;

export function isVersionId(text: string): boolean {
  return ISO_UTC.test(text) || TSV.test(text);
}

export function parseVersion(text: string): VersionId {
  const tsv = TSV.exec(text);
  if (tsv) return { id: text, kind: 'tsv', seconds: Number(tsv[1]) };
  if (ISO_UTC.test(text) && !Number.isNaN(Date.parse(text))) {
    return { id: text, kind: 'iso', seconds: Math.floor(Date.parse(text) / 1000) };
  }
  throw new UsageError(
    `"${text}" is not a version: use an ISO 8601 UTC timestamp (2024-01-15T10:00:00Z) or a Timescape id (tsv:1705312800-products-001).`,
  );
}

/** Orders versions by time, then by id so that two versions of the same second still sort stably. */
export function compareVersions(a: VersionId, b: VersionId): number {
  return a.seconds - b.seconds || compareCodePoints(a.id, b.id);
}

/** The current UTC time as a version id, to the second: `2024-01-15T10:00:00Z`. */
export function versionForNow(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
