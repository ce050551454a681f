import type { BuiltInAdapterLoader } from '@gati-framework/migrations';

/**
 * Loads a built-in adapter from this package's own dependency, `@gati-framework/migrations-adapters`, so the
 * CLI runs the adapters it was released with wherever it is installed (the core does not depend on them).
 * Only the named adapter's module is required, and with it only that database's driver.
 */
export const loadBuiltInAdapter: BuiltInAdapterLoader = (name) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(`@gati-framework/migrations-adapters/${name}`);
