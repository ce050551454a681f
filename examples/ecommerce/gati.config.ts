import { defineConfig } from '@gati-framework/migrations';

export default defineConfig({
  migrations: {
    directory: './migrations',
    adapter: 'sqlite',
    connection: { filename: './.gati/ecommerce.sqlite' },
    entities: './src/entities/**/*.ts',
  },
});
