import type { Adapter, ConnectionOptions, DocumentAdapter } from '../adapter';
import type { CodegenDialectName } from '../codegen/codegen-dialects';
import type { NamingStrategy } from '../model';
import type { CodegenConfig } from './define-config';

/**
 * The configuration with every default applied and every path absolute: for a SQL database (a Kysely dialect) or
 * a document database (MongoDB), told apart by `family`.
 */
export type ResolvedConfig = SqlConfig | DocumentConfig;

/** The configuration of a SQL database: its adapter brings a Kysely dialect. */
export interface SqlConfig extends ConfigBase {
  readonly family: 'sql';
  readonly adapter: Adapter;
}

/** The configuration of a document database (MongoDB): its adapter plans and runs steps itself. */
export interface DocumentConfig extends ConfigBase {
  readonly family: 'document';
  readonly adapter: DocumentAdapter;
}

/** What every configuration has, whatever the database. */
export interface ConfigBase {
  /** The project root: the config file's folder, or the working directory. */
  readonly root: string;
  readonly configFile?: string;
  readonly directory: string;
  readonly tableName: string;
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
