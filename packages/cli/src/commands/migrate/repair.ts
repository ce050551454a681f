import { Args, Flags } from '@oclif/core';
import type { RepairResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';

export default class Repair extends BaseCommand<typeof Repair> {
  static override summary = 'Accept edits to applied migrations (and forget deleted ones) so that up runs again.';
  static override description =
    'migrate:up refuses to run while an applied migration file was edited (its checksum changed) or removed. repair records the edited files as they are now (a repair run in the history) and, with --forget-missing, removes applied migrations whose files were deleted on purpose from the applied table. It runs no migration code.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> 20240115100000_add_email',
    '<%= config.bin %> <%= command.id %> --forget-missing',
  ];

  static override strict = false;

  static override args = {
    migration: Args.string({ description: 'only these migrations (default: every modified one)' }),
  };

  static override flags = {
    'forget-missing': Flags.boolean({ description: 'also forget applied migrations whose files are gone', default: false }),
  };

  async run(): Promise<RepairResult> {
    const config = await this.loadConfig();
    const { repairMigrations } = await import('@gati-framework/migrations');
    const { argv } = await this.parse(Repair);
    const names = (argv as string[]).filter((a) => !a.startsWith('-'));
    const result = await repairMigrations(config, {
      names: names.length > 0 ? names : undefined,
      forgetMissing: this.flags['forget-missing'],
    });
    if (result.accepted.length + result.forgotten.length === 0) this.log('Nothing to repair: every applied migration matches its file.');
    for (const a of result.accepted) this.log(`Accepted the edited ${a.name} (checksum now ${a.to.slice(0, 15)})`);
    for (const name of result.forgotten) this.log(`Forgot ${name}: its file is gone, it is no longer listed as applied`);
    return result;
  }
}
