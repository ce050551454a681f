import fs from 'node:fs';
import path from 'node:path';
import { RegistryError, describeCause } from '../errors';
import { compareCodePoints } from '../model';

/**
 * A handler version as Gati's Timescape `VersionRegistry` records it, reduced to what migrations need. The file
 * holds more (`hash`, `status`, `requestCount`, `lastAccessed`, …); the reader keeps none of it, and the writer
 * leaves all of it as it is.
 */
export interface RegistryVersion {
  /** `tsv:<unix-seconds>-<handler>-<NNN>`. */
  readonly tsv: string;
  readonly handlerPath: string;
  /** Unix seconds: the entry's `timestamp`, or the seconds of its id when the entry has none. */
  readonly timestamp: number;
  /** The labels the entry itself carries (`v1.0.0`, `stable`). */
  readonly tags: readonly string[];
  /** The name of the migration that brings the database to the schema this version expects. */
  readonly dbSchemaVersion?: string;
}

/** What `.gati/timescape/registry.json` says about versions and tags, read leniently. */
export interface TimescapeRegistry {
  readonly file: string;
  /** Every version of every handler, oldest first (by timestamp, then id). */
  readonly versions: readonly RegistryVersion[];
  /** The registry's `tags` map: label -> version id. */
  readonly tags: ReadonlyMap<string, string>;
  /**
   * The versions Timescape still serves: the `activeVersions` lists of the document and of its handlers; undefined
   * when the registry keeps no such list.
   */
  readonly activeVersions?: readonly string[];
}

/** Where Gati's Timescape keeps its registry: `<project root>/.gati/timescape/registry.json`. */
export function registryFile(root: string): string {
  return path.join(root, '.gati', 'timescape', 'registry.json');
}

/**
 * Reads the project's Timescape registry; undefined when there is none. Missing maps, missing fields and fields
 * it does not know are fine; a file that is not a JSON object is a `RegistryError` naming the file.
 */
export function readTimescapeRegistry(root: string): TimescapeRegistry | undefined {
  const file = registryFile(root);
  const read = readRegistryDocument(file);
  if (read === undefined) return undefined;
  const { document } = read;
  const active = activeVersionsOf(document);
  return Object.freeze({
    file,
    versions: Object.freeze(versionsOf(document)),
    tags: tagsOf(document),
    ...(active ? { activeVersions: active } : {}),
  });
}

/** A JSON object: the registry's parsed document, or any object inside it. */
export type JsonObject = Record<string, unknown>;

/** The registry file's text and its parsed document; undefined when the file does not exist. */
export function readRegistryDocument(file: string): { text: string; document: JsonObject } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RegistryError('REGISTRY_INVALID', `The Timescape registry ${file} cannot be read: ${describeCause(cause)}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new RegistryError(
      'REGISTRY_INVALID',
      `The Timescape registry ${file} is not valid JSON (${describeCause(cause)}). Fix the file, or restore it from Gati's Timescape.`,
      {
        cause,
      },
    );
  }
  if (!isObject(parsed)) {
    throw new RegistryError('REGISTRY_INVALID', `The Timescape registry ${file} is not a JSON object, so it is not a Timescape registry.`);
  }
  return { text, document: parsed };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The version entries of every handler (`handlers.<path>.versions[]`), as they are in the document. */
export function versionEntries(document: JsonObject): { handlerPath: string; entry: JsonObject }[] {
  const handlers = isObject(document.handlers) ? document.handlers : {};
  return Object.entries(handlers).flatMap(([key, handler]) => {
    if (!isObject(handler) || !Array.isArray(handler.versions)) return [];
    const handlerPath = typeof handler.handlerPath === 'string' ? handler.handlerPath : key;
    return handler.versions.filter(isObject).map((entry) => ({ handlerPath, entry }));
  });
}

function versionsOf(document: JsonObject): RegistryVersion[] {
  return versionEntries(document)
    .filter(({ entry }) => typeof entry.tsv === 'string' && entry.tsv !== '')
    .map(({ handlerPath, entry }) => toRegistryVersion(handlerPath, entry))
    .sort(compareRegistryVersions);
}

function toRegistryVersion(handlerPath: string, entry: JsonObject): RegistryVersion {
  const tsv = entry.tsv as string;
  return Object.freeze({
    tsv,
    handlerPath,
    timestamp: typeof entry.timestamp === 'number' && Number.isFinite(entry.timestamp) ? entry.timestamp : secondsOfId(tsv),
    tags: Object.freeze(Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : []),
    ...(typeof entry.dbSchemaVersion === 'string' && entry.dbSchemaVersion !== '' ? { dbSchemaVersion: entry.dbSchemaVersion } : {}),
  });
}

function activeVersionsOf(document: JsonObject): readonly string[] | undefined {
  const handlers = isObject(document.handlers) ? Object.values(document.handlers).filter(isObject) : [];
  const lists = [document, ...handlers].map((holder) => holder.activeVersions).filter(Array.isArray);
  if (lists.length === 0) return undefined;
  return Object.freeze([...new Set(lists.flat().filter((v): v is string => typeof v === 'string'))]);
}

/** The seconds in `tsv:<unix-seconds>-…`, or 0 for an id that does not spell them. */
function secondsOfId(tsv: string): number {
  const match = /^tsv:(\d+)-/.exec(tsv);
  return match ? Number(match[1]) : 0;
}

function tagsOf(document: JsonObject): ReadonlyMap<string, string> {
  const tags = new Map<string, string>();
  if (!isObject(document.tags)) return tags;
  for (const [label, tag] of Object.entries(document.tags)) {
    const tsv = typeof tag === 'string' ? tag : isObject(tag) && typeof tag.tsv === 'string' ? tag.tsv : undefined;
    if (tsv) tags.set(label, tsv);
  }
  return tags;
}

/** Oldest first: by timestamp, then by id. */
export function compareRegistryVersions(a: RegistryVersion, b: RegistryVersion): number {
  return a.timestamp - b.timestamp || compareCodePoints(a.tsv, b.tsv);
}

/** The newest version in the registry (by timestamp, then id), or undefined when it has none. */
export function newestRegistryVersion(registry: TimescapeRegistry | undefined): RegistryVersion | undefined {
  return registry?.versions[registry.versions.length - 1];
}

/** The registry's entry for a version id (the newest, should a handler list it twice). */
export function findRegistryVersion(registry: TimescapeRegistry | undefined, tsv: string): RegistryVersion | undefined {
  return registry?.versions.filter((v) => v.tsv === tsv).pop();
}

/**
 * The version a tag names: the registry's `tags` map first, then the `tags` of the versions themselves (the
 * newest version carrying the label).
 */
export function resolveRegistryTag(registry: TimescapeRegistry | undefined, label: string): string | undefined {
  if (!registry) return undefined;
  return registry.tags.get(label) ?? registry.versions.filter((v) => v.tags.includes(label)).pop()?.tsv;
}

/** Every label the registry knows, sorted. */
export function knownRegistryTags(registry: TimescapeRegistry | undefined): string[] {
  if (!registry) return [];
  return [...new Set([...registry.tags.keys(), ...registry.versions.flatMap((v) => v.tags)])].sort(compareCodePoints);
}
