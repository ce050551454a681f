import type { Kysely } from 'kysely';
import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { type DriftDifference, describeDrift, diffAsStored } from '../diff';
import { EMPTY_SCHEMA, type SchemaModel, compareCodePoints, schemasOf } from '../model';
import { readRunnerState } from '../runner/migrate';
import { listMigrationFiles } from '../runner/migration-files';
import type { MigrationRecord } from '../runner/migration-state';
import { runnerTableNames } from '../runner/runner-tables';
import { openPhase } from '../runner/zero-downtime-phases';
import { readSnapshotAtOrBefore } from '../snapshot';
import { withExistingDatabase } from './open-database';
import { runnerContext } from './runner-context';

export type { DriftDifference } from '../diff';

/** How the live database differs from the snapshot of the last migration applied to it. */
export interface DriftReport {
  /** The last migration applied to the database (by name, which sorts in apply order); absent when none is. */
  readonly lastApplied?: string;
  /**
   * The snapshot the database was compared with: the last applied migration's own, or, where that migration
   * has none (written by hand), the newest snapshot before it. Absent when there is none: the database is
   * compared with an empty schema.
   */
  readonly snapshot?: string;
  /** Each difference, in words (`extra column users.nickname (text null): in the database, not in the snapshot …`). */
  readonly differences: readonly DriftDifference[];
  /** True when there is any difference: what `migrate:status --drift` exits 1 on. */
  readonly drifted: boolean;
  /**
   * Why nothing was compared: a zero-downtime migration is expanded, so the database holds its new columns and
   * triggers beside the last snapshot's schema until it is completed.
   */
  readonly notCompared?: string;
}

/** The migrations the database holds: applied, edited since (`modified`), or applied and deleted (`missing`). */
export function isApplied(record: MigrationRecord): boolean {
  return record.state === 'applied' || record.state === 'modified' || record.state === 'missing';
}

/**
 * Drift: compares the live database (introspected, the runner's own tables left out) with the snapshot of the
 * last migration applied to it, as the database stores both (see `diffAsStored`), and lists each difference.
 * A column added by hand, an index dropped by hand, a hand-written migration whose schema no snapshot records:
 * each is one difference. A database that does not exist yet (a SQLite file not made) has none.
 *
 * @example
 * const drift = await detectDrift(config);
 * for (const d of drift.differences) console.log(d.message);
 */
export async function detectDrift(config: ResolvedConfig): Promise<DriftReport> {
  return detectDriftOnSql(requireSqlConfig(config, 'migrate:status --drift'));
}

async function detectDriftOnSql(config: SqlConfig): Promise<DriftReport> {
  const files = listMigrationFiles(config.directory);
  return withExistingDatabase(config, { differences: [], drifted: false }, async (db) => {
    const { records, phases } = await readRunnerState(db, runnerContext(config, db, files));
    const open = openPhase(phases);
    if (open) {
      return {
        differences: [],
        drifted: false,
        notCompared: `${open.name} is ${open.phase} (zero-downtime): the database holds its expand beside the last snapshot until gati migrate:complete`,
      };
    }
    return driftOf(config, db, records);
  });
}

/** {@link detectDrift} on an open database whose migration records were read already. */
export async function driftOf(config: SqlConfig, db: Kysely<any>, records: readonly MigrationRecord[]): Promise<DriftReport> {
  const lastApplied = records
    .filter(isApplied)
    .map((r) => r.name)
    .sort(compareCodePoints)
    .pop();
  const snapshot = lastApplied === undefined ? undefined : readSnapshotAtOrBefore(config.directory, lastApplied);
  const expected: SchemaModel = snapshot?.schema ?? EMPTY_SCHEMA;
  const live = await introspectLive(config, db, expected);
  const changes = await diffAsStored(expected, live, config.adapter);
  const differences = changes.operations.map((op) => describeDrift(op, { snapshot: expected, live }, config.adapter));
  return {
    ...(lastApplied !== undefined ? { lastApplied } : {}),
    ...(snapshot ? { snapshot: snapshot.id } : {}),
    differences,
    drifted: differences.length > 0,
  };
}

/** The live schema, without the runner's tables; on a database with schemas, those the snapshot uses too. */
export function introspectLive(config: SqlConfig, db: Kysely<any>, reference: SchemaModel): Promise<SchemaModel> {
  return config.adapter.introspect(db, {
    excludeTables: runnerTableNames(config.tableName),
    ...(config.adapter.capabilities.schemas ? { schemas: schemasOf(reference) } : {}),
  });
}
