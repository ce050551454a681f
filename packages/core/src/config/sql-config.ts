import { NotSupportedError } from '../errors';
import type { ResolvedConfig, SqlConfig } from './resolved-config';

/**
 * The configuration, for a command that runs on SQL databases only: a document database (MongoDB) is refused
 * with a message that names the command.
 */
export function requireSqlConfig(config: ResolvedConfig, command: string): SqlConfig {
  if (config.family === 'sql') return config;
  throw new NotSupportedError(`${command} is not available on ${config.adapter.name}: it works on SQL databases only.`);
}
