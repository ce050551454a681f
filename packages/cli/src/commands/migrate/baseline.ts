import { Args, Flags } from '@oclif/core';
import type { BaselineResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { formatBaseline } from '../../output/baseline-report';

export default class Baseline extends BaseCommand<typeof Baseline> {
  static override summary = 'Adopt an existing database: write its schema as the first migration and mark it applied.';
  static override description =
    'Reads the schema of the database (tables, columns, keys, indexes, foreign keys, enums), writes it as the first migration and snapshot, and records that migration as applied here without running it (a "baseline" run in the history). Its up creates the schema in new environments; its down drops it, which migrate:down refuses without --allow-data-loss. Then migrate:generate diffs the entity types against what the database holds. Same as migrate:generate --from-db.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --url postgres://app@db:5432/shop --version v1',
  ];

  static override args = {
    name: Args.string({ description: 'migration name (default: baseline)', required: false }),
  };

  static override flags = {
    version: Flags.string({
      description:
        'the version it belongs to (ISO 8601 UTC timestamp, tsv:… id, or a tag of .gati/timescape/registry.json such as v2.0.0); default: the newest in .gati/timescape/registry.json, else now',
    }),
  };

  async run(): Promise<BaselineResult> {
    const config = await this.loadConfig();
    const { baselineFromDatabase } = await import('@gati-framework/migrations');
    const result = await baselineFromDatabase(config, { name: this.args.name, version: this.flags.version });
    this.log(formatBaseline(result));
    return result;
  }
}
