import type { ResolvedConfig } from '../config/resolved-config';
import { UsageError } from '../errors';
import { createAppliedTable, recordRolledBack } from '../runner/applied-table';
import { listMigrationFiles } from '../runner/migration-files';
import { readMigrationRecords } from '../runner/migrate';
import { createHistoryTable, insertBookkeepingRun } from '../runner/run-history';
import { runnerTables } from '../runner/runner-tables';
import { withDatabase, withMigrationLock } from './open-database';
import { runnerContext } from './runner-context';
import { TOOL_VERSION } from './tool-version';

export interface RepairOptions {
  /** Only these migrations (names or file names); default: every modified one. */
  readonly names?: readonly string[];
  /** Also forget applied migrations whose files are gone (they leave the applied table; the history keeps them). */
  readonly forgetMissing?: boolean;
}

export interface RepairResult {
  /** Edited files whose new checksum is now the accepted one. */
  readonly accepted: readonly { readonly name: string; readonly from?: string; readonly to: string }[];
  /** Applied migrations whose files were gone, no longer listed as applied. */
  readonly forgotten: readonly string[];
}

/**
 * `migrate:repair`: the explicit "yes, I meant to edit that applied migration". Records each modified file's
 * new checksum as accepted (a `repair` run in the history), so `up` runs again; with `forgetMissing`, removes
 * applied migrations whose files were deleted on purpose from the applied table. Runs no migration code.
 */
export async function repairMigrations(config: ResolvedConfig, options: RepairOptions = {}): Promise<RepairResult> {
  const files = listMigrationFiles(config.directory);
  const wanted = options.names?.map((n) => n.replace(/^.*[\\/]/, '').replace(/\.(ts|mts|js|mjs|cjs)$/, ''));
  const tables = runnerTables(config.tableName);
  return withDatabase(config, (db) =>
    withMigrationLock(config, db, async () => {
      const records = await readMigrationRecords(db, runnerContext(config, db, files));
      for (const name of wanted ?? []) {
        const record = records.find((r) => r.name === name);
        if (!record || (record.state !== 'modified' && record.state !== 'missing')) {
          throw new UsageError(
            `${name} ${record ? `is ${record.state}, not modified` : 'is not a known migration'}: there is nothing to repair.`,
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
      };
    }),
  );
}
