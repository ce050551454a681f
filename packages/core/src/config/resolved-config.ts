import type { Adapter, ConnectionOptions } from '../adapter';
import type { NamingStrategy } from '../model';

/** The configuration with every default applied and every path absolute. */
export interface ResolvedConfig {
  /** The project root: the config file's folder, or the working directory. */
  readonly root: string;
  readonly configFile?: string;
  readonly directory: string;
  readonly tableName: string;
  readonly adapter: Adapter;
  readonly connection: ConnectionOptions;
  readonly entities: readonly string[];
  readonly naming: NamingStrategy;
  /** How long one DDL statement may wait for its lock (where the adapter supports it). */
  readonly lockTimeoutMs: number;
  /** How many more times a migration whose lock timed out is tried, with exponential backoff. */
  readonly lockRetries: number;
}

export const DEFAULTS = Object.freeze({
  directory: './migrations',
  tableName: 'gati_migrations',
  adapter: 'sqlite',
  sqliteFile: './.gati/dev.sqlite',
  entities: './src/entities/**/*.ts',
  naming: 'snake_case' as NamingStrategy,
  lockTimeoutMs: 5_000,
  lockRetries: 5,
});
