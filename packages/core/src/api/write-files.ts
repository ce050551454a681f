import fs from 'node:fs';
import path from 'node:path';
import { GatiError, describeCause } from '../errors';

/**
 * Writes several files so that either all of them appear or none does: each is written to a temporary name
 * first, then all are renamed into place; on any failure the ones already in place are removed.
 */
export function writeFilesAtomically(files: readonly { file: string; text: string }[]): void {
  const staged: { tmp: string; file: string }[] = [];
  const placed: string[] = [];
  try {
    for (const { file, text } of files) {
      if (fs.existsSync(file)) throw new GatiError('FILE_EXISTS', `${file} already exists; not overwriting it.`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      staged.push({ tmp, file });
    }
    for (const { tmp, file } of staged) {
      fs.renameSync(tmp, file);
      placed.push(file);
    }
  } catch (error) {
    for (const { tmp } of staged) fs.rmSync(tmp, { force: true });
    for (const file of placed) fs.rmSync(file, { force: true });
    if (error instanceof GatiError) throw error;
    throw new GatiError('WRITE_FAILED', `Could not write the migration: ${describeCause(error)}`, { cause: error });
  }
}

/** Writes one file, replacing it if it exists, through a temporary name, so that it is never half-written. */
export function replaceFileAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw new GatiError('WRITE_FAILED', `Could not write ${file}: ${describeCause(error)}`, { cause: error });
  }
}
