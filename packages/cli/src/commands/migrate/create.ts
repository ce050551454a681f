import { Args, Flags } from '@oclif/core';
import type { CreateResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { registryNote } from '../../output/registry-note';
import { relativePath } from '../../output/relative-path';

export default class Create extends BaseCommand<typeof Create> {
  static override summary = 'Write an empty, typed migration from the template.';
  static override description = 'For changes the generator cannot see: data fixes, views, raw SQL.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> backfill_prices',
    '<%= config.bin %> <%= command.id %> seed --version 2024-01-15T10:00:00Z',
  ];

  static override args = {
    name: Args.string({ description: 'migration name', required: true }),
  };

  static override flags = {
    version: Flags.string({
      description:
        'the version this migration belongs to (ISO 8601 UTC timestamp, tsv:… id, or a tag of .gati/timescape/registry.json such as v2.0.0); default: the newest version in .gati/timescape/registry.json, else now',
    }),
  };

  async run(): Promise<CreateResult> {
    const config = await this.loadConfig();
    const { createMigration } = await import('@gati-framework/migrations');
    const result = await createMigration(config, { name: this.args.name!, version: this.flags.version });
    this.log(`Wrote ${relativePath(result.file)} (version ${result.version})`);
    if (result.registry) this.log(registryNote(result.registry));
    return result;
  }
}
