import { Flags } from '@oclif/core';
import type { CompleteResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';

export default class Complete extends BaseCommand<typeof Complete> {
  static override summary = 'Contract the expanded zero-downtime migration, once the previous version is retired.';
  static override description =
    "Checks first: the backfill is done, no session of another version (by the runtime helper's application_name) is connected, the Timescape registry lists no older version as active, and no converted value is missing where the new column is NOT NULL. Then drops the old columns, renames the new ones into place, drops the older versions' schemas and the triggers, in one transaction. --force overrides the session and registry checks, and says what it overrode.";

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --force'];

  static override flags = {
    force: Flags.boolean({
      description: 'contract although sessions of the old version are connected or the registry lists it as active',
      default: false,
    }),
  };

  async run(): Promise<CompleteResult> {
    const config = await this.loadConfig();
    const { completeMigration } = await import('@gati-framework/migrations');
    const result = await completeMigration(config, { force: this.flags.force });
    for (const check of result.overridden) process.stderr.write(`Warning: --force: contracted although ${check}.\n`);
    this.log(`Completed ${result.name} (${Math.round(result.durationMs)} ms): the old version's columns and schema are gone.`);
    return result;
  }
}
