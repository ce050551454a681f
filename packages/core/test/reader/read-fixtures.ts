import * as path from 'node:path';
import type { NamingStrategy, SchemaModel } from '../../src/model';
import { readEntities } from '../../src/reader';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** Absolute path of a fixture file. */
export function fixture(relative: string): string {
  return path.join(FIXTURES, relative);
}

/** Reads fixture files; messages show paths relative to the fixtures folder. */
export function readFixtures(files: readonly string[], naming: NamingStrategy = 'snake_case'): SchemaModel {
  return readEntities(files.map(fixture), { naming, cwd: FIXTURES });
}

/** The message of the error that reading the fixture files throws (fails when nothing is thrown). */
export function readError(files: readonly string[], naming: NamingStrategy = 'snake_case'): Error {
  try {
    readFixtures(files, naming);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`reading ${files.join(', ')} did not throw`);
}
