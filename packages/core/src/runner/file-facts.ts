import fs from 'node:fs';
import path from 'node:path';
import { CHECKSUM_FORMAT, migrationChecksum } from './migration-checksum';
import { declaredVersion } from './migration-files';

/** What status and up read from a migration file's text: its checksum and the version it declares. */
export interface FileFacts {
  checksum(file: string): string;
  version(file: string): string | undefined;
}

/** Reads every file each time it is asked: no cache. */
export const UNCACHED_FILE_FACTS: FileFacts = {
  checksum: (file) => migrationChecksum(fs.readFileSync(file, 'utf8')),
  version: (file) => declaredVersion(fs.readFileSync(file, 'utf8')),
};

/**
 * A file whose modification or change time is this close to now is not cached: a second edit within the file
 * system's timestamp granularity could leave both times as they were (git calls such an entry "racily clean").
 */
const RACY_MS = 2_000;

/** Bumped with the cache file's shape; the checksum's own format is part of it too. */
const CACHE_FORMAT = `1/${CHECKSUM_FORMAT}`;

/** One cached file: its stat key when it was read, its checksum, the version it declares (null: none). */
type Entry = [key: string, checksum: string, version: string | null];

/**
 * File facts kept in `cacheFile` (`.gati/cache/checksums.json`) between runs, so that status and up with
 * thousands of migrations do not read and hash every file each time. An entry is used only while the file's
 * size, modification time, change time and inode are what they were when it was hashed: any write to the file
 * moves its change time, which (unlike the modification time) cannot be set back, so an edited file is always
 * read again, even with the same size and a forged modification time. Files changed in the last 2 s are not
 * cached. A cache that cannot be read is ignored; one that cannot be written is not written.
 */
export class CachedFileFacts implements FileFacts {
  private readonly entries: Record<string, Entry>;
  private readonly known = new Map<string, { checksum: string; version: string | undefined }>();
  private changed = false;

  constructor(private readonly cacheFile: string) {
    this.entries = readCache(cacheFile);
  }

  checksum(file: string): string {
    return this.facts(file).checksum;
  }

  version(file: string): string | undefined {
    return this.facts(file).version;
  }

  /** Writes the cache when this run added to it. */
  save(): void {
    if (!this.changed) return;
    try {
      const dir = path.dirname(this.cacheFile);
      fs.mkdirSync(dir, { recursive: true });
      const ignore = path.join(dir, '.gitignore');
      if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# A cache of this machine: not for version control.\n*\n');
      const temporary = `${this.cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify({ format: CACHE_FORMAT, entries: this.entries }));
      fs.renameSync(temporary, this.cacheFile);
      this.changed = false;
    } catch {
      // Only the next run's speed depends on it.
    }
  }

  private facts(file: string): { checksum: string; version: string | undefined } {
    let facts = this.known.get(file);
    if (facts) return facts;
    const key = statKey(file);
    const entry = key !== undefined ? this.entries[file] : undefined;
    if (entry && entry[0] === key) {
      facts = { checksum: entry[1], version: entry[2] ?? undefined };
    } else {
      const text = fs.readFileSync(file, 'utf8');
      facts = { checksum: migrationChecksum(text), version: declaredVersion(text) };
      if (key !== undefined) {
        this.entries[file] = [key, facts.checksum, facts.version ?? null];
        this.changed = true;
      }
    }
    this.known.set(file, facts);
    return facts;
  }
}

/** Size, modification and change time, inode; undefined (never cached) for a missing or racy file. */
function statKey(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) < RACY_MS) return undefined;
    return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

function readCache(file: string): Record<string, Entry> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; entries?: unknown };
    if (parsed.format === CACHE_FORMAT && parsed.entries && typeof parsed.entries === 'object') {
      return parsed.entries as Record<string, Entry>;
    }
  } catch {
    // missing or unreadable: start empty
  }
  return Object.create(null) as Record<string, Entry>;
}

/** Where a project keeps its file facts: `<root>/.gati/cache/checksums.json`. */
export function fileFactsCachePath(root: string): string {
  return path.join(root, '.gati', 'cache', 'checksums.json');
}
