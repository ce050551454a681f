import path from 'node:path';

type Jiti = ReturnType<(typeof import('jiti'))['createJiti']>;

let loader: Jiti | undefined;

/**
 * Loads a TypeScript or JavaScript module of the user's (config, migration) without a build step. Imports of
 * `@gati-framework/migrations` resolve to this very package, so a project needs no install of its own to run
 * its migrations through the CLI, and `defineMigration` is always the one this runner understands.
 * Transpiled files are cached on disk by jiti, keyed by content.
 */
export async function loadUserModule<T>(file: string): Promise<T> {
  loader ??= createLoader();
  return loader.import<T>(file, { default: true }) as Promise<T>;
}

function createLoader(): Jiti {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createJiti } = require('jiti') as typeof import('jiti');
  const corePackage = path.resolve(__dirname, '..');
  return createJiti(__filename, {
    interopDefault: true,
    moduleCache: false,
    // The two modules every migration imports are handed over as the objects already loaded here, so an import
    // of them costs no resolution at all (jiti would otherwise resolve and import them again for each file).
    virtualModules: {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      '@gati-framework/migrations': require('../index'),
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      kysely: require('kysely'),
    },
    // Subpaths (`kysely/helpers/postgres`), and jiti releases before 2.7, which ignore virtualModules. Exact
    // files, not a folder or a name without extension: jiti resolves an alias target again for every import of
    // every migration, and an inexact one costs it a round of failed lookups each time.
    alias: {
      '@gati-framework/migrations': path.join(corePackage, `index${path.extname(__filename)}`), // .js built, .ts in tests
      kysely: require.resolve('kysely'),
      ...documentMigrationAliases(),
    },
  });
}

/**
 * MongoDB migrations import `defineMongoMigration` from `@gati-framework/migrations-adapters/mongodb` (and may
 * import `mongodb` for its BSON types): resolved to the copies installed next to this package when there are
 * any, so that, as for SQL, a project needs no install of its own to run its migrations through the CLI.
 */
function documentMigrationAliases(): Record<string, string> {
  const adapter = resolveOptional('@gati-framework/migrations-adapters/mongodb', __dirname);
  if (!adapter) return {};
  const driver = resolveOptional('mongodb', path.dirname(adapter));
  return { '@gati-framework/migrations-adapters/mongodb': adapter, ...(driver ? { mongodb: driver } : {}) };
}

function resolveOptional(request: string, from: string): string | undefined {
  try {
    return require.resolve(request, { paths: [from] });
  } catch {
    return undefined;
  }
}
