import { Flags } from '@oclif/core';
import type { StatusReport } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { formatDrift } from '../../output/drift-report';
import { formatStatusTable } from '../../output/status-table';

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'List every migration with its version, state and time, and the latest runs.';
  static override description =
    'States: applied; pending; failed (its last run failed: where, and the error); unknown (its last run was killed in a step outside a transaction: where, and what settles it); modified (its file was edited after it was applied); missing (applied, but the file is gone); expanded (a zero-downtime migration between migrate:up and migrate:complete). --check exits 1 when anything is pending, failed, unknown, modified or missing. --drift also compares the live database with the snapshot of the last applied migration, lists each difference (a column added by hand, an index dropped…) and exits 1 when there is any. --json includes every run of the history (and the differences).';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --check --json',
    '<%= config.bin %> <%= command.id %> --check --drift',
  ];

  static override flags = {
    check: Flags.boolean({ description: 'exit 1 if anything is pending, failed, unknown, modified or missing', default: false }),
    drift: Flags.boolean({
      description: 'also compare the live database with the snapshot of the last applied migration; exit 1 when they differ',
      default: false,
    }),
    history: Flags.boolean({ description: 'list every run of the history, not only the latest', default: false }),
  };

  async run(): Promise<StatusReport> {
    const config = await this.loadConfig();
    const { migrationStatus } = await import('@gati-framework/migrations');
    const report = await migrationStatus(config, { drift: this.flags.drift });
    this.log(formatStatusTable(report, { allRuns: this.flags.history }));
    if (report.drift) this.log(`\n${formatDrift(report.drift)}`);
    if ((this.flags.check && report.needsAttention) || report.drift?.drifted) process.exitCode = 1;
    return report;
  }
}
