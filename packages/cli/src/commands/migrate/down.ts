import { Flags } from '@oclif/core';
import type { MigrateDownResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { formatSql } from '../../output/format-sql';

export default class Down extends BaseCommand<typeof Down> {
  static override summary = 'Roll back the last migration, N of them, all of them, or back to a version.';
  static override description =
    'Runs the down steps, newest first, each in its own transaction where the database allows. --to VERSION (or a tag of the Timescape registry, such as v1.0.0) is a Timescape downgrade: that version stays applied.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --steps 2',
    '<%= config.bin %> <%= command.id %> --to tsv:1705312800-products-001',
    '<%= config.bin %> <%= command.id %> --to v1.0.0',
  ];

  static override flags = {
    to: Flags.string({
      description:
        'roll back until this migration file, version (ISO timestamp or tsv:… id), Timescape tag (v1.0.0) or timestamp is the last applied',
    }),
    steps: Flags.integer({ description: 'how many migrations to roll back', min: 1 }),
    all: Flags.boolean({ description: 'roll back every applied migration', default: false }),
    'dry-run': Flags.boolean({
      description: 'print the SQL (MongoDB: the driver commands) that would run, change nothing',
      default: false,
    }),
    'allow-data-loss': Flags.boolean({ description: 'run down steps that lose data', default: false }),
  };

  async run(): Promise<MigrateDownResult> {
    const config = await this.loadConfig();
    const { migrateDown } = await import('@gati-framework/migrations');
    const result = await migrateDown(config, {
      to: this.flags.to,
      steps: this.flags.steps,
      all: this.flags.all,
      dryRun: this.flags['dry-run'],
      allowDataLoss: this.flags['allow-data-loss'],
    });
    if (result.planned) {
      if (result.planned.length === 0) this.log('Nothing to roll back.');
      for (const run of result.planned) this.log(`-- ${run.name} (down)\n${run.commands ? run.commands.join('\n') : formatSql(run.sql)}\n`);
    } else if (result.rolledBack.length === 0) {
      this.log('Nothing to roll back.');
    } else {
      for (const run of result.rolledBack) this.log(`Rolled back ${run.name} (${Math.round(run.durationMs)} ms)`);
    }
    return result;
  }
}
