import type { Adapter } from '../adapter';
import { ConfigError } from '../errors';

const BUILT_IN = new Set(['sqlite', 'postgresql', 'mysql', 'mongodb']);

/**
 * A built-in adapter by name, loaded on demand from `@gati-framework/migrations-adapters/<name>` so that a
 * project pays only for the driver it uses; or the custom adapter object itself.
 */
export function resolveAdapter(adapter: string | Adapter): Adapter {
  if (typeof adapter !== 'string') return adapter;
  if (!BUILT_IN.has(adapter)) {
    throw new ConfigError(
      `Unknown adapter "${adapter}": use 'sqlite', 'postgresql', 'mysql', 'mongodb', or a custom adapter made with defineAdapter().`,
    );
  }
  let loaded: { default?: Adapter } & Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(`@gati-framework/migrations-adapters/${adapter}`);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' || code === 'MODULE_NOT_FOUND') {
      throw new ConfigError(
        `The ${adapter} adapter is not part of this release of @gati-framework/migrations-adapters yet. Use 'sqlite', or bring the database's Kysely dialect with defineAdapter().`,
        { cause },
      );
    }
    throw new ConfigError(`The ${adapter} adapter could not be loaded: ${(cause as Error).message}`, { cause });
  }
  const found = loaded.default ?? (loaded[`${adapter}Adapter`] as Adapter | undefined);
  if (!found) throw new ConfigError(`The ${adapter} adapter module exports no adapter.`);
  return found;
}
