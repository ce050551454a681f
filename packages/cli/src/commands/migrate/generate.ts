import { Args, Flags } from '@oclif/core';
import type { BaselineResult, GenerateResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { formatBaseline } from '../../output/baseline-report';
import { formatSql } from '../../output/format-sql';
import { registryNote } from '../../output/registry-note';
import { relativePath } from '../../output/relative-path';

export default class Generate extends BaseCommand<typeof Generate> {
  static override summary = 'Diff the entity types against the last snapshot and write one migration.';
  static override description = `Reads the entity types, compares them with the snapshot of the last migration, and writes a typed Kysely migration (up and down) plus its snapshot. Nothing changed: says so and writes nothing.
Without a terminal, a likely rename is applied only when --rename or @renamedFrom says so; otherwise the command exits 2, unless --allow-data-loss accepts drop-and-add.
A column that becomes NOT NULL on a table that may have rows (added without a default, or made NOT NULL) needs a value for those rows: --backfill, or a question on a terminal; otherwise the command exits 2 naming the column.
Where the configured database answers within a few seconds, generate warns (on stderr, never failing) about earlier migrations pending or failed there, and about drift: the database differs from the snapshot of its last applied migration (gati migrate:status --drift lists it).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> add_email --version 2024-01-15T10:00:00Z',
    '<%= config.bin %> <%= command.id %> --rename users.age=age_years --dry-run',
    '<%= config.bin %> <%= command.id %> --backfill users.age=0 --backfill "users.status=\'active\'"',
  ];

  static override args = {
    name: Args.string({ description: 'migration name (default: derived from the changes)', required: false }),
  };

  static override flags = {
    version: Flags.string({
      description:
        'the version this migration belongs to (ISO 8601 UTC timestamp, tsv:… id, or a tag of .gati/timescape/registry.json such as v2.0.0); default: the newest version in .gati/timescape/registry.json, else now',
    }),
    'dry-run': Flags.boolean({ description: 'print the migration and its SQL, write nothing', default: false }),
    rename: Flags.string({ description: 'FROM=TO: table=table or table.column=column; repeatable', multiple: true }),
    backfill: Flags.string({
      description:
        'TABLE.COLUMN=SQL: what existing rows get in a column that becomes NOT NULL (added without a default, or made NOT NULL); repeatable',
      multiple: true,
    }),
    'allow-data-loss': Flags.boolean({ description: 'accept drop-and-add and any other data loss', default: false }),
    'zero-downtime': Flags.boolean({
      description:
        'plan breaking changes as expand (run by migrate:up) and contract (run by migrate:complete), so that the previous and the new version can be served at once (PostgreSQL); default: migrations.zeroDowntime',
      allowNo: true,
    }),
    'from-db': Flags.boolean({
      description: 'adopt an existing database: write its schema as the first migration and mark it applied (= migrate:baseline)',
      default: false,
      exclusive: ['dry-run', 'rename', 'backfill', 'allow-data-loss'],
    }),
  };

  async run(): Promise<GenerateResult | BaselineResult> {
    const config = await this.loadConfig();
    if (this.flags['from-db']) {
      const { baselineFromDatabase } = await import('@gati-framework/migrations');
      const result = await baselineFromDatabase(config, { name: this.args.name, version: this.flags.version });
      this.log(formatBaseline(result));
      return result;
    }
    const { generateMigration } = await import('@gati-framework/migrations');
    const result = await generateMigration(config, {
      name: this.args.name,
      version: this.flags.version,
      dryRun: this.flags['dry-run'],
      renames: this.flags.rename ?? [],
      allowDataLoss: this.flags['allow-data-loss'],
      backfills: this.flags.backfill ?? [],
      ...(this.flags['zero-downtime'] !== undefined ? { zeroDowntime: this.flags['zero-downtime'] } : {}),
      ask: this.ask,
      askValue: this.askValue,
      checkDatabase: true,
    });
    this.report(result);
    // What the database says (earlier migrations pending or failed, drift): warnings, never an error.
    if (!this.jsonEnabled()) for (const warning of result.warnings ?? []) process.stderr.write(`Warning: ${warning}\n`);
    return result;
  }

  private report(result: GenerateResult): void {
    if (result.status === 'unchanged') {
      this.log('No schema changes: the entity types match the last snapshot. Nothing written.');
      return;
    }
    if (result.status === 'dry-run') {
      this.log(`Dry run: would write ${relativePath(result.file!)} (version ${result.version})\n`);
      this.log(result.code!);
      if (result.sql) {
        this.log('-- SQL of up:');
        this.log(formatSql(result.sql));
      }
    } else {
      this.log(`Wrote ${relativePath(result.file!)} (version ${result.version})`);
      this.log(`  and ${relativePath(result.snapshotFile!)}`);
      if (result.registry) this.log(registryNote(result.registry));
    }
    this.log('Up:');
    this.logSteps('+', result.lint.up);
    this.log('Down:');
    this.logSteps('-', result.lint.down);
    if (result.lint.down.some(({ findings }) => findings.some((f) => f.kind === 'data-loss'))) {
      this.log('The down loses data (the file says so in dataLoss): gati migrate:down refuses it without --allow-data-loss.');
    }
    const zeroDowntime = result.zeroDowntime;
    if (zeroDowntime?.phased) {
      this.log('Zero-downtime: migrate:up expands, migrate:complete contracts once the previous version is retired:');
      for (const step of zeroDowntime.expand) this.log(`  + ${step}`);
      for (const change of zeroDowntime.changes) this.log(`  * ${change}`);
      for (const step of zeroDowntime.contract) this.log(`  - ${step} (contract)`);
    } else if (zeroDowntime) {
      this.log(`Zero-downtime: ${zeroDowntime.note}`);
    }
    if (result.status === 'written') this.log('Review it, then run: gati migrate:up');
  }

  /** Each step, and under it its lint findings (data loss, table rewrite, long lock, non-transactional, …). */
  private logSteps(mark: string, steps: GenerateResult['lint']['up']): void {
    for (const { step, findings } of steps) {
      this.log(`  ${mark} ${step}`);
      for (const finding of findings) this.log(`      ! ${finding.kind}: ${finding.message}`);
    }
  }
}
