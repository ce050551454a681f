import fs from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from '../adapter';
import { ConfigError, describeCause } from '../errors';
import { adapterNameForUrl } from './adapter-from-url';
import { resolveCodegenConfig } from './codegen-config';
import type { GatiConfig, MigrationsConfig } from './define-config';
import { loadUserModule } from './module-loader';
import type { BuiltInAdapterLoader } from './built-in-adapters';
import { isDocumentAdapter } from '../adapter/document-adapter';
import { resolveAdapter } from './resolve-adapter';
import { DEFAULTS, type ResolvedConfig } from './resolved-config';

export const CONFIG_FILE_NAMES = ['gati.config.ts', 'gati.config.mts', 'gati.config.js', 'gati.config.mjs'];

export interface LoadConfigOptions {
  /** The working directory; the config file is looked for here. */
  readonly cwd?: string;
  /** `--config PATH`: this file and no other. */
  readonly configFile?: string;
  /** `--url URL`: overrides adapter and connection, and wins over `DATABASE_URL`. */
  readonly url?: string;
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * How a built-in adapter (`'sqlite'`, `'postgresql'`, …) is loaded. Default: the package
   * `@gati-framework/migrations-adapters` as installed in the project, else next to this package.
   */
  readonly loadBuiltInAdapter?: BuiltInAdapterLoader;
}

/**
 * Finds and loads `gati.config.*` (or `--config`), applies the defaults of the contract and the `--url` /
 * `DATABASE_URL` override, and resolves the adapter.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const configFile = findConfigFile(cwd, options.configFile);
  const config = configFile ? await importConfig(configFile) : {};
  const root = configFile ? path.dirname(configFile) : cwd;
  return resolveConfig(config.migrations ?? {}, {
    root,
    configFile,
    url: options.url ?? (options.env ?? process.env).DATABASE_URL,
    loadBuiltInAdapter: options.loadBuiltInAdapter,
  });
}

/** Applies defaults and overrides to a config object (no file involved). */
export function resolveConfig(
  migrations: MigrationsConfig,
  context: { root: string; configFile?: string; url?: string; loadBuiltInAdapter?: BuiltInAdapterLoader },
): ResolvedConfig {
  const { root, url, loadBuiltInAdapter } = context;
  const entities = migrations.entities ?? DEFAULTS.entities;
  const naming = migrations.naming ?? DEFAULTS.naming;
  if (naming !== 'snake_case' && naming !== 'preserve') {
    throw new ConfigError(`migrations.naming must be 'snake_case' or 'preserve', not ${JSON.stringify(naming)}.`);
  }
  const tableName = migrations.tableName ?? DEFAULTS.tableName;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tableName)) {
    throw new ConfigError(`migrations.tableName must be a plain identifier, not ${JSON.stringify(tableName)}.`);
  }
  const codegen = resolveCodegenConfig(migrations.codegen, root);
  const target = url ? { adapter: adapterNameForUrl(url), connection: { url } } : connectionFromConfig(migrations);
  const adapter = resolveAdapter(target.adapter, { root, loadBuiltInAdapter });
  return Object.freeze({
    ...(isDocumentAdapter(adapter) ? { family: 'document' as const, adapter } : { family: 'sql' as const, adapter }),
    root,
    configFile: context.configFile,
    directory: path.resolve(root, migrations.directory ?? DEFAULTS.directory),
    tableName,
    connection: Object.freeze(adapter.resolveConnection?.(target.connection, { root }) ?? target.connection),
    entities: Object.freeze(typeof entities === 'string' ? [entities] : [...entities]),
    naming,
    lockTimeoutMs: wholeNumber(migrations.lockTimeout, 'lockTimeout', DEFAULTS.lockTimeoutMs, 1),
    lockRetries: wholeNumber(migrations.lockRetries, 'lockRetries', DEFAULTS.lockRetries, 0),
    zeroDowntime: booleanOption(migrations.zeroDowntime, 'zeroDowntime', DEFAULTS.zeroDowntime),
    backfill: Object.freeze({
      batchSize: wholeNumber(migrations.backfill?.batchSize, 'backfill.batchSize', DEFAULTS.backfillBatchSize, 1),
      pauseMs: wholeNumber(migrations.backfill?.pauseMs, 'backfill.pauseMs', DEFAULTS.backfillPauseMs, 0),
    }),
    ...(codegen ? { codegen } : {}),
  });
}

/** The adapter and connection the config file names: a URL's scheme picks the adapter when none is named. */
function connectionFromConfig(migrations: MigrationsConfig): {
  adapter: NonNullable<MigrationsConfig['adapter']>;
  connection: ConnectionOptions;
} {
  const connection = migrations.connection ?? {};
  if (connection.url && !migrations.adapter) return { adapter: adapterNameForUrl(connection.url), connection };
  return { adapter: migrations.adapter ?? DEFAULTS.adapter, connection };
}

function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!fs.existsSync(file)) throw new ConfigError(`The config file ${explicit} does not exist.`, { code: 'CONFIG_FILE_MISSING' });
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => fs.existsSync(file));
}

async function importConfig(file: string): Promise<GatiConfig> {
  let loaded: unknown;
  try {
    loaded = await loadUserModule<unknown>(file);
  } catch (cause) {
    throw new ConfigError(`Cannot load ${path.basename(file)}: ${describeCause(cause)}`, { cause });
  }
  if (!loaded || typeof loaded !== 'object') {
    throw new ConfigError(`${path.basename(file)} must export default defineConfig({ migrations: { … } }).`);
  }
  return loaded as GatiConfig;
}

function wholeNumber(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new ConfigError(`migrations.${name} must be a whole number of at least ${min}, not ${JSON.stringify(value)}.`);
  return value;
}

function booleanOption(value: boolean | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(`migrations.${name} must be true or false, not ${JSON.stringify(value)}.`);
  return value;
}
