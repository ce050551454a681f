import { ADAPTERS_PACKAGE, type BuiltInAdapterLoader } from './built-in-adapters';

/**
 * The loader used when the caller hands none over: `@gati-framework/migrations-adapters/<name>` as installed in
 * the project (resolved from `root`, the config file's folder), else as installed next to this package. Only
 * the named adapter's module is loaded, so only its driver is.
 */
export function installedAdaptersLoader(root: string | undefined): BuiltInAdapterLoader {
  return (name) => {
    const request = `${ADAPTERS_PACKAGE}/${name}`;
    if (root !== undefined) {
      const inProject = resolveFrom(root, request);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (inProject) return require(inProject);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(request);
  };
}

/** The file `request` resolves to from `directory`, or undefined when no package of that name is there. */
function resolveFrom(directory: string, request: string): string | undefined {
  try {
    return require.resolve(request, { paths: [directory] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
