import { BaseCommand } from '../../base-command';

export default class Rollback extends BaseCommand<typeof Rollback> {
  static override summary = 'Abandon the expanded zero-downtime migration (before migrate:complete).';
  static override description =
    "Drops what the expand created (new columns, triggers, the new version's schema of views, what its expand added) in one transaction, then undoes its additive changes. The old columns hold every write of either version made meanwhile. After migrate:complete there is no rollback: migrate:down rolls the migration back as any other.";

  static override examples = ['<%= config.bin %> <%= command.id %>'];

  async run(): Promise<{ name: string; durationMs: number }> {
    const config = await this.loadConfig();
    const { rollbackMigration } = await import('@gati-framework/migrations');
    const result = await rollbackMigration(config);
    this.log(`Rolled back the expand of ${result.name} (${Math.round(result.durationMs)} ms): it is pending again.`);
    return result;
  }
}
