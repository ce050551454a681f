import { defineConfig } from '@gati-framework/migrations';

export default defineConfig({
  migrations: {
    directory: './migrations',
    adapter: 'postgresql',
    // run-demo.js creates a database of its own and passes its URL here.
    connection: { url: process.env.DATABASE_URL },
    entities: './src/entities/**/*.ts',
    // Small batches with a pause, so that the expand's backfill takes long enough to watch both versions meanwhile.
    backfill: { batchSize: 2000, pauseMs: 150 },
  },
});
