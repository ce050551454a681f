/** What the CLI exits with on an error: 1 a failure, 2 a usage error or a decision needed. */
export type ExitCode = 1 | 2;

/** One entry of {@link ERROR_CODES}: the exit code the CLI maps the code to, and what the code means. */
export interface ErrorCodeInfo {
  readonly exitCode: ExitCode;
  readonly meaning: string;
}

/**
 * Every code a {@link GatiError} can carry (the closed set), with the exit code the CLI maps it to and what it
 * means. Codes are stable: scripts may match on them (`gati … --json` prints `{ "error": { "code", "message" } }`;
 * the README's CLI section lists the same table). A new code is added here, and to that table.
 *
 * @example
 * ```ts
 * import { ERROR_CODES, GatiError } from '@gati-framework/migrations';
 * ERROR_CODES.LOCK_TIMEOUT.exitCode; // 1
 * if (error instanceof GatiError && error.code === 'LOCK_TIMEOUT') retryLater();
 * ```
 */
export const ERROR_CODES = deepFreezeCodes({
  // Exit 2: a usage error, or a decision the tool may not take alone.
  USAGE: {
    exitCode: 2,
    meaning: 'Bad flags or arguments: an unknown flag, a malformed value, a `--to`, `--rename` or `--backfill` that names nothing.',
  },
  DECISION_REQUIRED: {
    exitCode: 2,
    meaning:
      'A decision the tool may not take alone (a likely rename, data loss, a value for existing rows) and no terminal to ask on; the message names the flag that decides it.',
  },
  CONFIG_FILE_MISSING: { exitCode: 2, meaning: '`--config` names a file that does not exist.' },
  URL_SCHEME_UNKNOWN: {
    exitCode: 2,
    meaning: 'The database URL (`--url`, `DATABASE_URL` or `connection.url`) does not start with a scheme the tool knows.',
  },
  TARGET_NOT_APPLIED: {
    exitCode: 2,
    meaning: '`migrate:down --to` names a migration that is not applied, so there is nothing to roll back to.',
  },
  MIGRATION_NOT_FOUND: {
    exitCode: 2,
    meaning: '`migrate:repair` names a migration that has no file and is not applied.',
  },
  BASELINE_EMPTY: { exitCode: 2, meaning: '`migrate:baseline` on a database without tables: there is nothing to adopt.' },
  NOT_SUPPORTED: {
    exitCode: 2,
    meaning:
      'The command or option does not apply to the configured database (for example `migrate:codegen` on MongoDB); the message says what does.',
  },

  // Exit 1: a failure.
  CONFIG_INVALID: {
    exitCode: 1,
    meaning:
      'The configuration cannot be used: `gati.config.ts` does not load, a setting is wrong, the adapter is unknown or incomplete, the connection URL or options are malformed, no entity files match.',
  },
  ENTITY_INVALID: {
    exitCode: 1,
    meaning: 'The entity types do not compile, or use a type or tag the tool cannot map; the message names `file:line`.',
  },
  SCHEMAS_NOT_SUPPORTED: {
    exitCode: 1,
    meaning: 'Tables or enums in a schema of their own (`@schema`, `sales.orders`) on a database without schemas (MySQL, SQLite).',
  },
  SNAPSHOT_INVALID: { exitCode: 1, meaning: 'A snapshot in `migrations/meta` cannot be read, or is not a gati-migrations snapshot.' },
  REGISTRY_INVALID: { exitCode: 1, meaning: 'The Timescape registry cannot be read: unreadable, not JSON, or not a JSON object.' },
  REGISTRY_WRITE_FAILED: { exitCode: 1, meaning: "The Timescape registry cannot be written back (a version's `dbSchemaVersion`)." },
  TEMPLATES_MISSING: { exitCode: 1, meaning: 'The migration templates of the installation are missing or damaged: reinstall.' },
  PLAN_INCONSISTENT: { exitCode: 1, meaning: 'The planner met a schema model it cannot have made (a bug: please report it).' },
  WRITER_MISSING: {
    exitCode: 1,
    meaning: 'The plan has an action only the adapter can write, and the adapter has no writer for it (see ActionWriters).',
  },
  FILE_EXISTS: { exitCode: 1, meaning: 'A migration or snapshot file to write exists already; nothing is overwritten.' },
  READ_FAILED: { exitCode: 1, meaning: 'The Kysely types file exists but cannot be read.' },
  WRITE_FAILED: {
    exitCode: 1,
    meaning: 'A file cannot be written: a migration and its snapshot (neither is left behind), or the Kysely types.',
  },
  CONNECTION_FAILED: {
    exitCode: 1,
    meaning:
      'The database cannot be reached or opened, or its driver is not installed; the message names host, port and database, never the password.',
  },
  NO_DATABASE: { exitCode: 1, meaning: 'A MySQL connection names no database to read the schema of.' },
  DATABASE_MISSING: {
    exitCode: 1,
    meaning: '`migrate:codegen` on a database that does not exist yet (a SQLite file not yet created): run `migrate:up` first.',
  },
  LOCK_TIMEOUT: {
    exitCode: 1,
    meaning:
      'Another deployer held the migration lock for longer than the lock timeout; the message names the holder where the database tells.',
  },
  LOCK_FAILED: { exitCode: 1, meaning: 'The migration lock cannot be taken for another reason than a timeout (MySQL `GET_LOCK` failed).' },
  MIGRATION_INVALID: {
    exitCode: 1,
    meaning: 'A migration file cannot be loaded, or does not `export default defineMigration({ version, up, down })`.',
  },
  MIGRATION_FAILED: {
    exitCode: 1,
    meaning:
      'A migration threw while running: rolled back where the database allows, and the history records where it stopped; the message names the migration and its error.',
  },
  FOREIGN_KEY_VIOLATION: {
    exitCode: 1,
    meaning: 'SQLite: a migration would leave rows that reference missing rows (the cause of its `MIGRATION_FAILED`).',
  },
  CONVERSION_FAILED: {
    exitCode: 1,
    meaning:
      'Some rows hold a value that does not convert to the new type: the migration stops before it changes the column, naming the rows (the cause of its `MIGRATION_FAILED`).',
  },
  ZERO_DOWNTIME_UNSUPPORTED: {
    exitCode: 2,
    meaning:
      '`migrate:generate --zero-downtime`: a change has no zero-downtime form yet (the message names it); generate it without `--zero-downtime`, or as a migration of its own.',
  },
  EXPAND_OPEN: {
    exitCode: 1,
    meaning:
      'A zero-downtime migration is expanded and not completed: `up` and `down` run nothing else until `migrate:complete` or `migrate:rollback`.',
  },
  NOTHING_EXPANDED: {
    exitCode: 2,
    meaning: '`migrate:complete` or `migrate:rollback` with no zero-downtime migration expanded.',
  },
  COMPLETE_REFUSED: {
    exitCode: 1,
    meaning:
      '`migrate:complete` found a reason not to contract yet (the backfill is not done, the old version is still connected or active in the registry, or converted values are missing); the message names each; `--force` overrides the version checks.',
  },
  MIGRATION_MODIFIED: {
    exitCode: 1,
    meaning:
      "An applied migration's file was edited since it ran (restore it, or `migrate:repair`), or a partly applied one now has fewer steps.",
  },
  MIGRATION_MISSING: {
    exitCode: 1,
    meaning: "An applied migration's file is gone (restore it, or `migrate:repair --forget-missing`).",
  },
  MIGRATION_STATE_UNKNOWN: {
    exitCode: 1,
    meaning:
      'A run was killed in the middle of a hand-written step outside a transaction (MySQL), so what of it is in effect is unknown: check, then `migrate:repair NAME --applied` or `--rolled-back`.',
  },
  NO_DOWN: { exitCode: 1, meaning: '`migrate:down` reached a migration, or a step, without a `down`.' },
  KYSELY_TYPES_STALE: {
    exitCode: 1,
    meaning: '`migrate:codegen --check`: the Kysely types file is missing, or differs from what the database gives.',
  },
  CODEGEN_FAILED: { exitCode: 1, meaning: 'kysely-codegen cannot be loaded, or failed while reading the database or writing the types.' },
  UNEXPECTED: {
    exitCode: 1,
    meaning: 'The CLI met an error that is none of the above (a bug, or an error of a driver); `--verbose` prints its stack.',
  },
});

/** A code of {@link ERROR_CODES}: the type of {@link GatiError.code}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

function deepFreezeCodes<const T extends Record<string, ErrorCodeInfo>>(codes: T): { readonly [K in keyof T]: Readonly<T[K]> } {
  for (const info of Object.values(codes)) Object.freeze(info);
  return Object.freeze(codes);
}
