/**
 * gati-migrations: entity types in, reviewed Kysely migrations out.
 * The CLI (`gati migrate:*`) is a thin layer over the functions exported here.
 */
export { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
export * from './model';
export * from './errors';
export * from './adapter';
export * from './config';
export * from './migration/define-migration';
export * from './migration/define-document-migration';
export type * from './migration/zero-downtime';
export { versionSchemaName } from './zero-downtime/version-schema';
export { checkConversion, type ConversionCheck } from './migration/check-conversion';
export * from './types/brands';
export * from './snapshot';
export * from './version';
export * from './zero-downtime/version-schema';
export * from './api';
export { type RunnerTables, runnerTableNames, runnerTables } from './runner/runner-tables';
export type { HistoryRow, RunDirection, RunOutcome } from './runner/run-history';
export { SENT_WITH_COMMIT } from './runner/run-history';
export type { InterruptedRun } from './runner/migration-state';
export { describeInterruption } from './runner/interrupted-runs';
export * from './codegen';
export * from './diff';
export type { Action, ActionKind, ColumnSource, MigrationPlan, PlannedAction, Finding, FindingKind } from './planner';
export * from './emitter/writer-kit';
