import { Args } from '@oclif/core';
import type { SnapshotResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { relativePath } from '../../output/relative-path';

export default class Snapshot extends BaseCommand<typeof Snapshot> {
  static override summary = "Record the live database's schema as the snapshot of the last applied migration.";
  static override description =
    "After a hand-written migration (migrate:create writes no snapshot) or a generated one edited by hand, once it is applied: reads the schema of the database and writes it as that migration's snapshot (migrations/meta/<name>.snapshot.json), replacing the one it had, so that the next migrate:generate diffs the entity types against what the database really holds and migrate:status --drift finds nothing. Types, enum names and defaults that the previous snapshot or the entity types describe as the database stores them keep their spelling. The migration must be the last one applied to the database.";

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> 20240115100000_add_nickname'];

  static override args = {
    migration: Args.string({ description: 'the migration (default: the last one); it must be the last applied', required: false }),
  };

  async run(): Promise<SnapshotResult> {
    const config = await this.loadConfig();
    const { snapshotFromDatabase } = await import('@gati-framework/migrations');
    const result = await snapshotFromDatabase(config, { migration: this.args.migration });
    const count = result.tables.length;
    this.log(
      `${result.replaced ? 'Replaced' : 'Wrote'} ${relativePath(result.snapshotFile)} from the database (${count} table${count === 1 ? '' : 's'}): the snapshot of ${result.name}.`,
    );
    if (result.differences.length > 0) {
      this.log('It records what the previous snapshot did not say:');
      for (const line of result.differences) this.log(`  - ${line}`);
    } else {
      this.log('The database held what the previous snapshot says: nothing changed in substance.');
    }
    if (result.later.length > 0) {
      this.log(`Note: ${result.later.join(', ')} (not applied) kept the snapshots made from the old one.`);
    }
    this.log('The next gati migrate:generate diffs the entity types against it.');
    return result;
  }
}
