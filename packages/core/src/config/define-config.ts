import type { Adapter, ConnectionOptions, DocumentAdapter } from '../adapter';
import type { CodegenDialectName } from '../codegen/codegen-dialects';
import type { NamingStrategy } from '../model';

export interface MigrationsConfig {
  /** Where migration files live. Default `./migrations`. */
  readonly directory?: string;
  /** Kysely's migration table; the lock table is `<tableName>_lock`. Default `gati_migrations`. */
  readonly tableName?: string;
  /** `'sqlite'` (default), `'postgresql'`, `'mysql'`, `'mongodb'`, or a custom adapter from `defineAdapter`. */
  readonly adapter?: string | Adapter | DocumentAdapter;
  readonly connection?: ConnectionOptions;
  /** A file, a glob or a list of them. Default `./src/entities/**\/*.ts`. */
  readonly entities?: string | readonly string[];
  /** `snake_case` (default) or `preserve`. */
  readonly naming?: NamingStrategy;
  /** PostgreSQL: how long each DDL statement may wait for its table lock before the migration is retried. Default 5000 ms. */
  readonly lockTimeout?: number;
  /** How many times a migration whose lock timed out is retried, with backoff. Default 5. */
  readonly lockRetries?: number;
  /**
   * Generate breaking changes as expand (`migrate:up`) and contract (`migrate:complete`), so that the previous
   * and the new Timescape version can be served at once (PostgreSQL; elsewhere both phases run at once). Default
   * false; `migrate:generate --zero-downtime` asks for it once.
   */
  readonly zeroDowntime?: boolean;
  /** The batched backfill of zero-downtime migrations: rows per batch (default 1000) and a pause between batches (default 0 ms). */
  readonly backfill?: { readonly batchSize?: number; readonly pauseMs?: number };
  /**
   * Keep the application's Kysely types in step with the database: `gati migrate:up` rewrites `outFile` with
   * kysely-codegen after it applied something, `gati migrate:codegen` does it on demand, and
   * `gati migrate:codegen --check` fails when the file is stale.
   */
  readonly codegen?: CodegenConfig;
}

/**
 * Where and how kysely-codegen writes the application's Kysely `DB` interface. Besides `outFile`, `dialect`
 * and `format`, the options are kysely-codegen's own (see its README), passed through as they are.
 *
 * @example
 * codegen: { outFile: './src/db/types.ts', runtimeEnums: 'pascal-case' }
 */
export interface CodegenConfig {
  /** The file to write, relative to the config file's folder, e.g. `./src/db/types.ts`. */
  readonly outFile: string;
  /** kysely-codegen's dialect; only needed with a custom adapter (the built-in ones name their own). */
  readonly dialect?: CodegenDialectName;
  /** Format the file with prettier and the project's prettier config. Default false: kysely-codegen's text as is. */
  readonly format?: boolean;
  /** Keys in camelCase, for an application that uses Kysely's `CamelCasePlugin` (such a file is no source for `generate`). */
  readonly camelCase?: boolean;
  /** Runtime enums instead of string literal unions for PostgreSQL enums. */
  readonly runtimeEnums?: boolean | 'pascal-case' | 'screaming-snake-case';
  /** Singular row type names (`BlogPost` instead of `BlogPosts`), or a map of names. */
  readonly singularize?: boolean | Readonly<Record<string, string>>;
  /** `import type` (kysely-codegen's default: true). */
  readonly typeOnlyImports?: boolean;
  /** Only the tables matching this glob (`users`, `public.*`). */
  readonly includePattern?: string;
  /** Leave out the tables matching this glob. This tool's own tables are always left out. */
  readonly excludePattern?: string;
  /** PostgreSQL: the schemas whose tables are written without a schema prefix (default `public`). */
  readonly defaultSchemas?: readonly string[];
  /** A TypeScript type per database type, e.g. `{ timestamptz: 'string' }`. */
  readonly typeMapping?: Readonly<Record<string, string>>;
  /** Imports for the types that `typeMapping` or `overrides` name, e.g. `{ InstantRange: './custom-types' }`. */
  readonly customImports?: Readonly<Record<string, string>>;
  /** A TypeScript type per column, e.g. `{ columns: { 'users.settings': '{ theme: string }' } }`. */
  readonly overrides?: { readonly columns?: Readonly<Record<string, string>> };
  /** PostgreSQL: how numeric values are typed (kysely-codegen's default: `string`). */
  readonly numericParser?: 'string' | 'number' | 'number-or-string';
  /** PostgreSQL: how date values are typed (kysely-codegen's default: `timestamp`). */
  readonly dateParser?: 'string' | 'timestamp';
}

export interface GatiConfig {
  readonly migrations?: MigrationsConfig;
}

/**
 * Declares the project's configuration in `gati.config.ts`.
 *
 * @example
 * export default defineConfig({
 *   migrations: { adapter: 'postgresql', connection: { url: process.env.DATABASE_URL }, entities: './src/entities/**\/*.ts' },
 * });
 */
export function defineConfig(config: GatiConfig): GatiConfig {
  return config;
}
