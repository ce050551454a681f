import { Flags } from '@oclif/core';
import type { KyselyTypesResult, MigrateUpResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { formatSql } from '../../output/format-sql';
import { describeKyselyTypes } from '../../output/kysely-types-line';
import { backfillProgressLine } from '../../output/backfill-progress';

export default class Up extends BaseCommand<typeof Up> {
  static override summary = 'Apply pending migrations (all, or through a version).';
  static override description =
    'Applies pending migrations in version order, each in its own transaction where the database allows, and finishes a migration an earlier run left half-applied. Refuses to run while an applied migration was edited or removed (see migrate:status, migrate:repair). --to stops after a migration file, a version, a tag of the Timescape registry (.gati/timescape/registry.json) or a timestamp.';

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --to 2024-01-15T10:00:00Z --dry-run',
    '<%= config.bin %> <%= command.id %> --to stable',
  ];

  static override flags = {
    to: Flags.string({
      description: 'apply through this migration file, version (ISO timestamp or tsv:… id), Timescape tag (v1.0.0, stable) or timestamp',
    }),
    'dry-run': Flags.boolean({
      description: 'print the SQL (MongoDB: the driver commands) that would run, change nothing',
      default: false,
    }),
    codegen: Flags.boolean({
      description: "refresh the application's Kysely types (migrations.codegen) afterwards; default: when something was applied",
      allowNo: true,
    }),
  };

  async run(): Promise<MigrateUpResult & { kyselyTypes?: KyselyTypesResult }> {
    const config = await this.loadConfig();
    const { migrateUp, refreshesAfterUp, refreshKyselyTypes } = await import('@gati-framework/migrations');
    const result = await migrateUp(config, {
      to: this.flags.to,
      dryRun: this.flags['dry-run'],
      onWarning: (message) => process.stderr.write(`Warning: ${message}\n`),
      onProgress: backfillProgressLine(),
    });
    if (result.planned) {
      if (result.planned.length === 0) this.log('Nothing to apply: the database is up to date.');
      for (const run of result.planned) this.log(`-- ${run.name} (up)\n${run.commands ? run.commands.join('\n') : formatSql(run.sql)}\n`);
    } else if (result.applied.length === 0) {
      this.log('Nothing to apply: the database is up to date.');
    } else {
      for (const run of result.applied) {
        if (run.direction === 'expand') {
          this.log(
            `Expanded ${run.name} (${Math.round(run.durationMs)} ms): both versions can be served now; run gati migrate:complete once the previous version is retired (gati migrate:rollback abandons it).`,
          );
          continue;
        }
        this.log(`Applied ${run.name}${run.resumedAt ? ` from step ${run.resumedAt}` : ''} (${Math.round(run.durationMs)} ms)`);
      }
    }
    if (result.planned || !refreshesAfterUp(config, result.applied.length, this.flags.codegen)) return result;
    const kyselyTypes = await refreshKyselyTypes(config);
    this.log(describeKyselyTypes(kyselyTypes));
    return { ...result, kyselyTypes };
  }
}
