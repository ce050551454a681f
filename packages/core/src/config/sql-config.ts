import { NotSupportedError } from '../errors';
import { resolveConfig } from './load-config';
import type { ResolvedConfig, SqlConfig } from './resolved-config';

/**
 * The configuration, for a command that runs on SQL databases only: a document database (MongoDB) is refused
 * with a message that names the command.
 */
export function requireSqlConfig(config: ResolvedConfig, command: string): SqlConfig {
  if (config.family === 'sql') return config;
  throw new NotSupportedError(`${command} is not available on ${config.adapter.name}: it works on SQL databases only.`);
}

/**
 * `resolveConfig` for a SQL database: the programmatic entry for code that needs a Kysely dialect (tests,
 * tools on top of the API). A document database is refused as by requireSqlConfig.
 */
export function resolveSqlConfig(...args: Parameters<typeof resolveConfig>): SqlConfig {
  return requireSqlConfig(resolveConfig(...args), 'This API');
}
