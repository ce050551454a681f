/**
 * A migration that fails half-way on MySQL (MariaDB), through the built `gati` binary: DDL commits statement by
 * statement there, so the generated migration is a list of steps; `migrate:status` says which step failed,
 * with the error and what stayed in effect; `migrate:down` rolls the completed steps back, and `migrate:up`,
 * once the data is fixed, applies it from the failed step.
 */
import { createMysqlDatabase, serverAvailable } from '../support/test-databases';
import { expectCleanFailure, expectSuccess, withProject } from './cli-harness';
import mysql from 'mysql2/promise';

const V1 = 'export interface Product {\n  id: string;\n  sku: string;\n}\n';
const V2 = 'export interface Product {\n  id: string;\n  /** @unique */\n  sku: string;\n  note?: string;\n}\n';

async function mysqlQuery(url: string, text: string): Promise<Record<string, unknown>[]> {
  const conn = await mysql.createConnection(url);
  try {
    return (await conn.query(text))[0] as Record<string, unknown>[];
  } finally {
    await conn.end();
  }
}

it.concurrent('mysql: a migration failing at its second step is described by status, rolled back by down, finished by up', async () => {
  if (!(await serverAvailable('mysql'))) return;
  const database = await createMysqlDatabase();
  try {
    await withProject(async (project) => {
      const env = { env: { DATABASE_URL: database.url } };
      project.entity('product.ts', V1);
      expectSuccess(await project.gatiWith(env, 'migrate:generate', 'create_products', '--version', '2024-01-01T00:00:00Z'));
      expectSuccess(await project.gatiWith(env, 'migrate:up'));
      await mysqlQuery(database.url, "INSERT INTO products (id, sku) VALUES ('p1', 'A'), ('p2', 'A')");
      project.entity('product.ts', V2);
      expectSuccess(await project.gatiWith(env, 'migrate:generate', 'note_and_unique_sku', '--version', '2024-02-01T00:00:00Z'));
      const name = project.migrationFile('note_and_unique_sku').replace(/^migrations[\\/]|\.ts$/g, '');

      const failed = expectCleanFailure(await project.gatiWith(env, 'migrate:up'), 1);
      expect(failed).toContain(
        `Migration ${name} failed (up, at step 2 of 2 (create unique index products_sku_key on products (sku)); 1 of 2 steps are in effect`,
      );
      expect(failed).toContain('Duplicate entry');

      const status = await project.gatiWith(env, 'migrate:status', '--check');
      expect(status.status).toBe(1);
      expect(status.stdout).toMatch(new RegExp(`failed\\s+2024-02-01T00:00:00Z\\s+${name}`));
      expect(status.stdout).toContain(`${name}: up failed at step 2 of 2 (create unique index products_sku_key on products (sku))`);
      expect(status.stdout).toContain(
        '1 of 2 steps are in effect: fix the cause, then gati migrate:up finishes it, or gati migrate:down rolls them back.',
      );
      const columns = async () =>
        (
          await mysqlQuery(
            database.url,
            "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'products' ORDER BY ORDINAL_POSITION",
          )
        ).map((r) => r.c);
      expect(await columns()).toEqual(['id', 'sku', 'note']);

      // Rolled back: the note column goes, the migration is pending again.
      expect(expectSuccess(await project.gatiWith(env, 'migrate:down')).stdout).toContain(`Rolled back ${name}`);
      expect(await columns()).toEqual(['id', 'sku']);
      const { json } = await project.gatiJson('migrate:status', '--url', database.url);
      expect(json.migrations.map((m: { state: string }) => m.state)).toEqual(['applied', 'pending']);

      // Up fails again at the same step; with the duplicate fixed, up finishes it from there.
      expectCleanFailure(await project.gatiWith(env, 'migrate:up'), 1);
      await mysqlQuery(database.url, "UPDATE products SET sku = 'B' WHERE id = 'p2'");
      expect(expectSuccess(await project.gatiWith(env, 'migrate:up')).stdout).toContain(`Applied ${name} from step 2`);
      expectSuccess(await project.gatiWith(env, 'migrate:status', '--check'));
      expect(await columns()).toEqual(['id', 'sku', 'note']);
    });
  } finally {
    await database.drop();
  }
});
