import { Args, Flags } from '@oclif/core';
import type { RepairResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';

export default class Repair extends BaseCommand<typeof Repair> {
  static override summary =
    'Accept edits to applied migrations (and forget deleted ones), or mark a migration applied or rolled back after checking the database.';
  static override description =
    'migrate:up refuses to run while an applied migration file was edited (its checksum changed) or removed. repair records the edited files as they are now (a repair run in the history) and, with --forget-missing, removes applied migrations whose files were deleted on purpose from the applied table. After a run was killed in a hand-written step (state unknown), check the database, then mark the migration with --applied (all of it is in effect) or --rolled-back (none of it is): a repair run with that outcome goes into the history. It runs no migration code.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> 20240115100000_add_email',
    '<%= config.bin %> <%= command.id %> --forget-missing',
    '<%= config.bin %> <%= command.id %> 20240115100000_add_email --applied',
    '<%= config.bin %> <%= command.id %> 20240115100000_add_email --rolled-back',
  ];

  static override strict = false;

  static override args = {
    migration: Args.string({
      description: 'only these migrations (default: every modified one); the ones to mark with --applied/--rolled-back',
    }),
  };

  static override flags = {
    'forget-missing': Flags.boolean({ description: 'also forget applied migrations whose files are gone', default: false }),
    applied: Flags.boolean({
      description: 'mark the named migrations applied: you checked that all of them is in effect',
      default: false,
      exclusive: ['rolled-back', 'forget-missing'],
    }),
    'rolled-back': Flags.boolean({
      description: 'mark the named migrations rolled back (pending): you checked that none of them is in effect',
      default: false,
      exclusive: ['applied', 'forget-missing'],
    }),
  };

  async run(): Promise<RepairResult> {
    const config = await this.loadConfig();
    const { repairMigrations } = await import('@gati-framework/migrations');
    const { argv } = await this.parse(Repair);
    const names = (argv as string[]).filter((a) => !a.startsWith('-'));
    const mark = this.flags.applied ? 'applied' : this.flags['rolled-back'] ? 'rolled-back' : undefined;
    const result = await repairMigrations(config, {
      names: names.length > 0 ? names : undefined,
      forgetMissing: this.flags['forget-missing'],
      mark,
    });
    if (mark) {
      for (const m of result.marked)
        this.log(`Marked ${m.name} ${m.as === 'applied' ? 'applied' : 'rolled back (pending)'} (it was ${m.was})`);
      return result;
    }
    if (result.accepted.length + result.forgotten.length === 0) this.log('Nothing to repair: every applied migration matches its file.');
    for (const a of result.accepted) this.log(`Accepted the edited ${a.name} (checksum now ${a.to.slice(0, 15)})`);
    for (const name of result.forgotten) this.log(`Forgot ${name}: its file is gone, it is no longer listed as applied`);
    return result;
  }
}
