import type { Adapter, DocumentAdapter } from '../adapter';
import { ConfigError, GatiError } from '../errors';
import { ADAPTERS_PACKAGE, type BuiltInAdapterLoader, type BuiltInAdapterName, isBuiltInAdapterName } from './built-in-adapters';
import { installedAdaptersLoader } from './installed-adapters-loader';

export interface ResolveAdapterOptions {
  /**
   * How a built-in adapter is loaded by name (the CLI passes one that requires its own dependency). Default:
   * `@gati-framework/migrations-adapters` as installed in the project (`root`), else next to this package.
   */
  readonly loadBuiltInAdapter?: BuiltInAdapterLoader;
  /** The project root, where the default loader looks first. */
  readonly root?: string;
}

/**
 * A built-in adapter by name, loaded on demand from `@gati-framework/migrations-adapters/<name>` so that a
 * project pays only for the driver it uses; or the custom adapter object itself.
 */
export function resolveAdapter(
  adapter: string | Adapter | DocumentAdapter,
  options: ResolveAdapterOptions = {},
): Adapter | DocumentAdapter {
  if (typeof adapter !== 'string') return adapter;
  if (!isBuiltInAdapterName(adapter)) {
    throw new ConfigError(
      `Unknown adapter "${adapter}": use 'sqlite', 'postgresql', 'mysql', 'mongodb', or a custom adapter made with defineAdapter().`,
    );
  }
  const load = options.loadBuiltInAdapter ?? installedAdaptersLoader(options.root);
  let loaded: ({ default?: Adapter | DocumentAdapter } & Record<string, unknown>) | undefined;
  try {
    loaded = load(adapter) as typeof loaded;
  } catch (cause) {
    throw adapterLoadError(adapter, cause);
  }
  const found = loaded?.default ?? (loaded?.[`${adapter}Adapter`] as Adapter | DocumentAdapter | undefined);
  if (!found) throw new ConfigError(`The ${adapter} adapter module exports no adapter.`);
  return found;
}

/** What went wrong loading a built-in adapter, as a ConfigError a user can act on. */
function adapterLoadError(adapter: BuiltInAdapterName, cause: unknown): GatiError {
  if (cause instanceof GatiError) return cause;
  const { code, message = '' } = cause as NodeJS.ErrnoException;
  // Node names the request itself when no package of that name is installed; a module the adapter requires in
  // turn (its driver, say) is named instead when that one is missing.
  if (code === 'MODULE_NOT_FOUND' && message.includes(`'${ADAPTERS_PACKAGE}/${adapter}'`)) {
    return new ConfigError(
      `The ${adapter} adapter is in the package ${ADAPTERS_PACKAGE}, which is not installed: run \`npm install ${ADAPTERS_PACKAGE}\` in the project.`,
      { cause },
    );
  }
  if (code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    return new ConfigError(
      `The ${adapter} adapter is not part of this release of ${ADAPTERS_PACKAGE} yet. Use 'sqlite', or bring the database's Kysely dialect with defineAdapter().`,
      { cause },
    );
  }
  return new ConfigError(`The ${adapter} adapter could not be loaded: ${(cause as Error).message}`, { cause });
}
