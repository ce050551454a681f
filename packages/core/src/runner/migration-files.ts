import fs from 'node:fs';
import path from 'node:path';
import { compareCodePoints } from '../model';

/** A migration file on disk. `name` (the file name without extension) is what the history table records. */
export interface MigrationFile {
  readonly name: string;
  readonly file: string;
}

const MIGRATION_FILE = /^(.+)\.(ts|mts|js|mjs|cjs)$/;

/** The migration files of a directory, sorted by name (apply order). No file is imported. */
export function listMigrationFiles(directory: string): MigrationFile[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && MIGRATION_FILE.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => ({ name: MIGRATION_FILE.exec(entry.name)![1]!, file: path.join(directory, entry.name) }))
    .sort((a, b) => compareCodePoints(a.name, b.name));
}

/**
 * The `version` a migration file declares, read from its text (status never imports migration files). Undefined
 * when the file does not spell it as a string literal.
 */
export function readDeclaredVersion(file: string): string | undefined {
  const text = fs.readFileSync(file, 'utf8');
  return /\bversion\s*:\s*(['"`])([^'"`]+)\1/.exec(text)?.[2];
}
