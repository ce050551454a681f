import { defineMongoMigration } from '@gati-framework/migrations-adapters/mongodb';

export default defineMongoMigration({
  version: '__GATI_VERSION__',
  steps: [
    {
      name: 'describe the change here',
      up: async (db, ctx) => {
        // Write the change here, passing the session to every call, for example:
        // await db.collection('users').createIndex({ nickname: 1 }, { session: ctx.session });
      },
      down: async (db, ctx) => {
        // Undo it here:
        // await db.collection('users').dropIndex('nickname_1', { session: ctx.session });
      },
    },
  ],
});
