import type { Adapter, ConnectionOptions } from '../adapter';
import type { NamingStrategy } from '../model';

export interface MigrationsConfig {
  /** Where migration files live. Default `./migrations`. */
  readonly directory?: string;
  /** Kysely's migration table; the lock table is `<tableName>_lock`. Default `gati_migrations`. */
  readonly tableName?: string;
  /** `'sqlite'` (default), `'postgresql'`, `'mysql'`, `'mongodb'`, or a custom adapter from `defineAdapter`. */
  readonly adapter?: string | Adapter;
  readonly connection?: ConnectionOptions;
  /** A file, a glob or a list of them. Default `./src/entities/**\/*.ts`. */
  readonly entities?: string | readonly string[];
  /** `snake_case` (default) or `preserve`. */
  readonly naming?: NamingStrategy;
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
