/** The npm package that holds the built-in adapters, one subpath export each (`…/sqlite`, `…/postgresql`). */
export const ADAPTERS_PACKAGE = '@gati-framework/migrations-adapters';

/** The adapters a config may name as a string. */
export const BUILT_IN_ADAPTERS = ['sqlite', 'postgresql', 'mysql', 'mongodb'] as const;

/** The name of a built-in adapter: `migrations.adapter` as a string, or the scheme of a URL. */
export type BuiltInAdapterName = (typeof BUILT_IN_ADAPTERS)[number];

/**
 * Loads the module `@gati-framework/migrations-adapters/<name>` (a `require` of it, from wherever the caller
 * has the package installed) and returns its exports. The core does not depend on the adapters package (the
 * adapters depend on the core); the CLI hands over a loader that requires them from its own dependencies.
 * Throw what `require` throws: a missing package or subpath is turned into a clear message by the caller.
 */
export type BuiltInAdapterLoader = (name: BuiltInAdapterName) => unknown;

/** Whether `name` names a built-in adapter. */
export function isBuiltInAdapterName(name: string): name is BuiltInAdapterName {
  return (BUILT_IN_ADAPTERS as readonly string[]).includes(name);
}
