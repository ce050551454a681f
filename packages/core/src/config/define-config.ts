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
  /** PostgreSQL: how long each DDL statement may wait for its table lock before the migration is retried. Default 5000 ms. */
  readonly lockTimeout?: number;
  /** How many times a migration whose lock timed out is retried, with backoff. Default 5. */
  readonly lockRetries?: number;
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
