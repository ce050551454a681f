import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { GatiError, UsageError } from '../errors';
import { createAppliedTable, recordApplied, recordRolledBack } from '../runner/applied-table';
import { fileChecksum } from '../runner/migration-checksum';
import type { MigrationRecord } from '../runner/migration-state';
import { listMigrationFiles } from '../runner/migration-files';
import { readMigrationRecords } from '../runner/migrate';
import { createHistoryTable, insertBookkeepingRun } from '../runner/run-history';
import { type RunnerTables, runnerTables } from '../runner/runner-tables';
import type { Kysely } from 'kysely';
import { withDatabase, withMigrationLock } from './open-database';
import { runnerContext } from './runner-context';
import { TOOL_VERSION } from './tool-version';

export interface RepairOptions {
  /** Only these migrations (names or file names); default: every modified one. */
  readonly names?: readonly string[];
  /** Also forget applied migrations whose files are gone (they leave the applied table; the history keeps them). */
  readonly forgetMissing?: boolean;
  /**
   * Mark the named migrations (`names` required) as the user found them after checking the database, typically
   * after a run was killed (`unknown`): `applied` (all of it is in effect: it joins the applied table, its file's
   * checksum accepted) or `rolled-back` (none of it is: it leaves the applied table and is pending). A `repair`
   * run with that outcome goes into the history. Runs no migration code.
   */
  readonly mark?: 'applied' | 'rolled-back';
}

export interface RepairResult {
  /** Edited files whose new checksum is now the accepted one. */
  readonly accepted: readonly { readonly name: string; readonly from?: string; readonly to: string }[];
  /** Applied migrations whose files were gone, no longer listed as applied. */
  readonly forgotten: readonly string[];
  /** With `mark`: the migrations marked, and as what. */
  readonly marked: readonly { readonly name: string; readonly as: 'applied' | 'rolled-back'; readonly was: string }[];
}

/**
 * `migrate:repair`: the explicit "yes, I meant to edit that applied migration". Records each modified file's
 * new checksum as accepted (a `repair` run in the history), so `up` runs again; with `forgetMissing`, removes
 * applied migrations whose files were deleted on purpose from the applied table. Runs no migration code.
 */
export async function repairMigrations(config: ResolvedConfig, options: RepairOptions = {}): Promise<RepairResult> {
  if (options.mark && options.forgetMissing) {
    throw new UsageError('Use --applied or --rolled-back for the named migrations, or --forget-missing; not both in one run.');
  }
  if (options.mark && !options.names?.length) {
    throw new UsageError(`--${options.mark} marks the migrations it names: gati migrate:repair NAME --${options.mark}.`);
  }
  if (config.family === 'document') return (await import('./document-repair')).repairMigrationsOnDocument(config, options);
  return repairMigrationsOnSql(config, options);
}

async function repairMigrationsOnSql(config: SqlConfig, options: RepairOptions): Promise<RepairResult> {
  const files = listMigrationFiles(config.directory);
  const wanted = requestedMigrationNames(options);
  const tables = runnerTables(config.tableName);
  return withDatabase(config, (db) =>
    withMigrationLock(config, db, async () => {
      const records = await readMigrationRecords(db, runnerContext(config, db, files));
      if (options.mark) {
        const marked = await markMigrations(db, tables, records, wanted!, options.mark);
        return { accepted: [], forgotten: [], marked };
      }
      for (const name of wanted ?? []) {
        const record = records.find((r) => r.name === name);
        if (!record) throw notFound(name);
        if (record.state !== 'modified' && record.state !== 'missing') {
          throw new UsageError(
            `${name} is ${record.state}, not modified: there is nothing to repair.` +
              (record.state === 'unknown' ? ' Say what is in effect with --applied or --rolled-back.' : ''),
          );
        }
      }
      const chosen = records.filter((r) => !wanted || wanted.includes(r.name));
      const modified = chosen.filter((r) => r.state === 'modified');
      const missing = options.forgetMissing ? chosen.filter((r) => r.state === 'missing') : [];
      if (modified.length + missing.length > 0) {
        await createAppliedTable(db, tables.applied);
        await createHistoryTable(db, tables.history);
      }
      for (const record of modified) {
        const run = { name: record.name, version: record.version ?? null, checksum: record.checksum!, toolVersion: TOOL_VERSION };
        await insertBookkeepingRun(db, tables.history, { ...run, direction: 'repair' });
      }
      for (const record of missing) {
        await recordRolledBack(db, tables.applied, record.name);
        const run = { name: record.name, version: null, checksum: record.acceptedChecksum ?? null, toolVersion: TOOL_VERSION };
        await insertBookkeepingRun(db, tables.history, { ...run, direction: 'forget' });
      }
      return {
        accepted: modified.map((r) => ({ name: r.name, from: r.acceptedChecksum, to: r.checksum! })),
        forgotten: missing.map((r) => r.name),
        marked: [],
      };
    }),
  );
}

function notFound(name: string): GatiError {
  return new GatiError('MIGRATION_NOT_FOUND', `${name} is not a known migration: no file of that name, and it is not applied.`);
}

/**
 * `migrate:repair NAME --applied | --rolled-back`: what the user found after checking the database. `applied`
 * needs the file (its checksum becomes the accepted one); `rolled-back` takes a migration whose file is gone too.
 */
async function markMigrations(
  db: Kysely<any>,
  tables: RunnerTables,
  records: readonly MigrationRecord[],
  names: readonly string[],
  mark: 'applied' | 'rolled-back',
): Promise<RepairResult['marked']> {
  const chosen = names.map((name) => {
    const record = records.find((r) => r.name === name);
    if (!record) throw notFound(name);
    if (mark === 'applied' && !record.file) {
      throw new GatiError('MIGRATION_MISSING', `${name} cannot be marked applied: its file is missing. Restore it first.`);
    }
    return record;
  });
  await createAppliedTable(db, tables.applied);
  await createHistoryTable(db, tables.history);
  const marked: { name: string; as: 'applied' | 'rolled-back'; was: string }[] = [];
  for (const record of chosen) {
    const checksum = record.file ? fileChecksum(record.file.file) : (record.acceptedChecksum ?? null);
    if (mark === 'rolled-back' && record.appliedAt !== undefined) await recordRolledBack(db, tables.applied, record.name);
    if (mark === 'applied' && record.appliedAt === undefined) await recordApplied(db, tables.applied, record.name, new Date());
    const run = { name: record.name, version: record.version ?? null, checksum, toolVersion: TOOL_VERSION };
    await insertBookkeepingRun(db, tables.history, { ...run, direction: 'repair', outcome: mark });
    marked.push({ name: record.name, as: mark, was: record.state });
  }
  return marked;
}

/** The migrations `--applied`, `--rolled-back` or a list of names ask for, by name (a file name works too). */
export function requestedMigrationNames(options: RepairOptions): string[] | undefined {
  return options.names?.map((n) => n.replace(/^.*[\\/]/, '').replace(/\.(ts|mts|js|mjs|cjs)$/, ''));
}
