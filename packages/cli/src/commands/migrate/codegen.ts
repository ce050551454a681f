import path from 'node:path';
import { Flags } from '@oclif/core';
import type { KyselyTypesResult } from '@gati-framework/migrations';
import { BaseCommand } from '../../base-command';
import { describeKyselyTypes } from '../../output/kysely-types-line';

export default class Codegen extends BaseCommand<typeof Codegen> {
  static override summary = "Write the application's Kysely types from the live database (kysely-codegen).";
  static override description =
    'Runs kysely-codegen on the configured database and writes its DB interface to migrations.codegen.outFile (or --out), ' +
    "leaving out this tool's own tables. --check writes nothing and exits 1 when the file differs from what the database gives.";

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --check',
    '<%= config.bin %> <%= command.id %> --out src/db/types.ts',
  ];

  static override flags = {
    check: Flags.boolean({
      description: 'write nothing; exit 1 if the file is missing or differs from what the database gives',
      default: false,
    }),
    out: Flags.string({ description: 'the file to write or check (default: migrations.codegen.outFile)' }),
  };

  async run(): Promise<KyselyTypesResult> {
    const config = await this.loadConfig();
    const { checkKyselyTypes, refreshKyselyTypes } = await import('@gati-framework/migrations');
    const options = { outFile: this.flags.out === undefined ? undefined : path.resolve(this.flags.out) };
    const result = this.flags.check ? await checkKyselyTypes(config, options) : await refreshKyselyTypes(config, options);
    this.log(describeKyselyTypes(result));
    return result;
  }
}
