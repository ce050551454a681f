import fs from 'node:fs';
import { RegistryError, describeCause } from '../errors';
import { type JsonObject, readRegistryDocument, versionEntries } from './timescape-registry';

/**
 * Records `migration` as the `dbSchemaVersion` of version `tsv` in the registry file, and changes nothing else:
 * every other field, key and key order stays as it is, and the file keeps its indentation and final newline.
 * The file is read afresh (Gati's Timescape may have written it since it was last read) and replaced atomically
 * (a temporary file, then a rename). Returns false, writing nothing, when the file or the version is not there.
 */
export function recordDbSchemaVersion(file: string, tsv: string, migration: string): boolean {
  const read = readRegistryDocument(file);
  if (!read) return false;
  const entries = versionEntries(read.document).filter(({ entry }) => entry.tsv === tsv);
  if (entries.length === 0) return false;
  if (entries.every(({ entry }) => entry.dbSchemaVersion === migration)) return true;
  for (const { entry } of entries) entry.dbSchemaVersion = migration;
  replaceFileAtomically(file, serializeLike(read.document, read.text));
  return true;
}

/**
 * JSON with the indentation, line endings, final newline and byte-order mark of the text it was read from
 * (Gati writes two spaces and no mark).
 */
function serializeLike(document: JsonObject, original: string): string {
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = original.slice(bom.length);
  const indent = /^[{[]\r?\n([ \t]+)\S/.exec(body)?.[1] ?? (body.includes('\n') ? '  ' : '');
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  const text = JSON.stringify(document, null, indent);
  const lines = newline === '\n' ? text : text.replace(/\n/g, newline);
  return `${bom}${lines}${/\r?\n$/.test(body) ? newline : ''}`;
}

function replaceFileAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: fs.statSync(file).mode & 0o777 });
    fs.renameSync(tmp, file);
  } catch (cause) {
    removeQuietly(tmp);
    throw new RegistryError('REGISTRY_WRITE_FAILED', `Could not write the Timescape registry ${file}: ${describeCause(cause)}.`, { cause });
  }
}

/** Removes a temporary file if it is there; a failure to clean up must not hide the error being reported. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Not a file we can remove (a directory in its place): leave it.
  }
}
