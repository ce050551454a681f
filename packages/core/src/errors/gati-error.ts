import { ERROR_CODES, type ErrorCode, type ExitCode } from './error-codes';

/**
 * Every error this tool raises on purpose. `code` is one of {@link ERROR_CODES} and stable (scripts may match on
 * it), `message` is one paragraph a user can act on, `exitCode` is what the CLI exits with, the code's entry in
 * {@link ERROR_CODES} (1 failure, 2 usage or decision needed).
 */
export class GatiError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatiError';
    this.code = code;
    // `?? 1`: a code from outside the list (plain JavaScript) still makes an error, not a TypeError.
    this.exitCode = ERROR_CODES[code]?.exitCode ?? 1;
  }
}

/** An entity file that does not compile, or a type the tool cannot map. Carries `file:line`. */
export class EntityError extends GatiError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('ENTITY_INVALID', message, options);
    this.name = 'EntityError';
  }
}

/** The codes a {@link ConfigError} carries; `CONFIG_INVALID` unless the constructor is told another. */
export type ConfigErrorCode = 'CONFIG_INVALID' | 'CONFIG_FILE_MISSING' | 'URL_SCHEME_UNKNOWN';

/**
 * `gati.config.ts` missing pieces, an unknown adapter, a malformed URL (`CONFIG_INVALID`); a `--config` file that
 * does not exist (`CONFIG_FILE_MISSING`); a database URL of no known scheme (`URL_SCHEME_UNKNOWN`).
 */
export class ConfigError extends GatiError {
  constructor(message: string, options: { cause?: unknown; code?: ConfigErrorCode } = {}) {
    super(options.code ?? 'CONFIG_INVALID', message, options);
    this.name = 'ConfigError';
  }
}

/** A decision the tool may not take alone (rename or drop, data loss) and no terminal to ask on. */
export class DecisionRequiredError extends GatiError {
  constructor(message: string) {
    super('DECISION_REQUIRED', message);
    this.name = 'DecisionRequiredError';
  }
}

/** Bad flags or arguments. */
export class UsageError extends GatiError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** A command or option that does not apply to the configured database (exit 2). */
export class NotSupportedError extends GatiError {
  constructor(message: string) {
    super('NOT_SUPPORTED', message);
    this.name = 'NotSupportedError';
  }
}

/**
 * The Timescape registry (`.gati/timescape/registry.json`) cannot be read (`REGISTRY_INVALID`: not JSON, not an
 * object, unreadable) or cannot be written back (`REGISTRY_WRITE_FAILED`). The message names the file.
 */
export class RegistryError extends GatiError {
  constructor(code: 'REGISTRY_INVALID' | 'REGISTRY_WRITE_FAILED', message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'RegistryError';
  }
}

/**
 * Another deployer held the migration lock for longer than the lock timeout. Each adapter's lock builds the
 * message: the lock, the database, who holds it where the database tells, and how to free it.
 */
export class LockTimeoutError extends GatiError {
  constructor(message: string) {
    super('LOCK_TIMEOUT', message);
    this.name = 'LockTimeoutError';
  }
}

/** The migration lock cannot be taken for another reason than a timeout (a server error, a dropped connection). */
export class LockFailedError extends GatiError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('LOCK_FAILED', message, options);
    this.name = 'LockFailedError';
  }
}

/** Rows whose value does not convert to a column's new type (see `checkConversion`); nothing of the conversion ran. */
export class ConversionError extends GatiError {
  constructor(message: string) {
    super('CONVERSION_FAILED', message);
    this.name = 'ConversionError';
  }
}

/** A migration that threw while running; the database was rolled back to before it where the dialect allows. */
export class MigrationFailedError extends GatiError {
  readonly migration: string;

  /** `place`: where in the migration it stopped (`at step 2 of 3 (…)`), for migrations made of steps. */
  constructor(migration: string, direction: 'up' | 'down', cause: unknown, place?: string) {
    super('MIGRATION_FAILED', `Migration ${migration} failed (${direction}${place ? `, ${place}` : ''}): ${describeCause(cause)}`, {
      cause,
    });
    this.name = 'MigrationFailedError';
    this.migration = migration;
  }
}

/** Cannot reach or open the database. The message names host, port and database, never the password. */
export class ConnectionError extends GatiError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONNECTION_FAILED', message, options);
    this.name = 'ConnectionError';
  }
}

/** The application's Kysely types differ from what kysely-codegen writes for the live database (`--check`). */
export class StaleKyselyTypesError extends GatiError {
  constructor(message: string) {
    super('KYSELY_TYPES_STALE', message);
    this.name = 'StaleKyselyTypesError';
  }
}

/** kysely-codegen could not be loaded, or failed while reading the database or writing the types. */
export class CodegenError extends GatiError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CODEGEN_FAILED', message, options);
    this.name = 'CodegenError';
  }
}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
