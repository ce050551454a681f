import { defineMigration, type Kysely } from '@gati-framework/migrations';

export default defineMigration({
  version: '__GATI_VERSION__',
  up: async (db: Kysely<any>) => {
    // Write the change here, for example:
    // await db.schema.alterTable('users').addColumn('nickname', 'varchar(64)').execute();
  },
  down: async (db: Kysely<any>) => {
    // Undo it here, in reverse order.
  },
});
