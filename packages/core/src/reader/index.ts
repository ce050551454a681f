import type { SchemaModel } from '../model';
import type * as ReadEntitiesModule from './read-entities';
import type { ReadEntitiesOptions } from './read-entities';

export type { ReadEntitiesOptions } from './read-entities';

/**
 * Reads entity files (absolute paths) into a frozen `SchemaModel`, with the TypeScript type checker.
 * TypeScript is loaded on the first call, so that code which never reads entities (`migrate:up`,
 * `migrate:status`) does not pay for it.
 *
 * @example
 * const schema = readEntities(['/app/src/entities/user.ts'], { naming: 'snake_case', cwd: '/app' });
 * schema.tables[0]; // { name: 'users', columns: [...], primaryKey: ['id'], indexes: [], foreignKeys: [] }
 *
 * @throws EntityError for a missing file, a compile error, or a type with no column type; the message
 * lists each problem with `file:line`.
 */
export function readEntities(files: readonly string[], options: ReadEntitiesOptions): SchemaModel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiler loads only when entities are read
  const reader = require('./read-entities') as typeof ReadEntitiesModule;
  return reader.readEntities(files, options);
}
