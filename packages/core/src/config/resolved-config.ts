import type { Adapter, ConnectionOptions } from '../adapter';
import type { CodegenDialectName } from '../codegen/codegen-dialects';
import type { NamingStrategy } from '../model';
import type { CodegenConfig } from './define-config';

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
  /** Whether `generate` plans breaking changes as expand and contract (see MigrationsConfig.zeroDowntime). */
  readonly zeroDowntime: boolean;
  readonly backfill: { readonly batchSize: number; readonly pauseMs: number };
  /** Where kysely-codegen writes the application's Kysely types; absent when not configured. */
  readonly codegen?: ResolvedCodegenConfig;
}

/** `migrations.codegen` with its path absolute. */
export interface ResolvedCodegenConfig {
  readonly outFile: string;
  readonly dialect?: CodegenDialectName;
  readonly format: boolean;
  /** kysely-codegen's own options, as configured. */
  readonly options: KyselyCodegenOptions;
}

/** The options of `migrations.codegen` that go to kysely-codegen as they are. */
export type KyselyCodegenOptions = Omit<CodegenConfig, 'outFile' | 'dialect' | 'format'>;

export const DEFAULTS = Object.freeze({
  directory: './migrations',
  tableName: 'gati_migrations',
  adapter: 'sqlite',
  entities: './src/entities/**/*.ts',
  naming: 'snake_case' as NamingStrategy,
  lockTimeoutMs: 5_000,
  lockRetries: 5,
  zeroDowntime: false,
  backfillBatchSize: 1_000,
  backfillPauseMs: 0,
});
