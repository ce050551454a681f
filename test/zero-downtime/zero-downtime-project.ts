import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type ResolvedConfig, resolveConfig, generateMigration, migrateUp, versionSchemaName } from '@gati-framework/migrations';
import { type ServerDatabase, createPostgresDatabase } from '../support/test-databases';

/**
 * A project on a fresh PostgreSQL database for the zero-downtime phase tests: entity files written per version,
 * a config, and sessions of each version as an application would open them (the old version connects as it
 * always did; the new one as the runtime helper does: its schema first on the search_path, `gati.version` set).
 */
export class ZeroDowntimeProject {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-zd-'));
  private readonly clients: Client[] = [];
  private constructor(readonly database: ServerDatabase) {}

  static async create(): Promise<ZeroDowntimeProject> {
    return new ZeroDowntimeProject(await createPostgresDatabase());
  }

  config(options: { backfillBatchSize?: number } = {}): ResolvedConfig {
    return resolveConfig(
      {
        adapter: 'postgresql',
        connection: { url: this.database.url },
        entities: ['entities.ts'],
        backfill: { batchSize: options.backfillBatchSize ?? 1000 },
      },
      { root: this.root },
    );
  }

  /** Writes the entity file, generates its migration (zero-downtime or not) and runs `up`. */
  async version(
    version: string,
    entities: string,
    options: { zeroDowntime?: boolean; backfills?: string[]; allowDataLoss?: boolean } = {},
  ) {
    fs.writeFileSync(path.join(this.root, 'entities.ts'), entities);
    const generated = await generateMigration(this.config(), {
      version,
      zeroDowntime: options.zeroDowntime ?? false,
      backfills: options.backfills ?? [],
      allowDataLoss: options.allowDataLoss ?? false,
    });
    if (generated.status !== 'written') throw new Error(`generate wrote nothing for ${version}`);
    const up = await migrateUp(this.config());
    return { generated, up };
  }

  /** A session of the version that was live before: plain, on `public`; marked as the runtime helper marks it when `version` is given. */
  async oldSession(version?: string): Promise<Client> {
    return this.connect(version ? { application_name: `gati ${version}` } : {});
  }

  /** A session of `version` as the runtime helper opens it. */
  async versionSession(version: string): Promise<Client> {
    return this.connect({ options: `-c search_path=${versionSchemaName(version)},public -c gati.version=${version}` });
  }

  /**
   * A session of `version` as the runtime helper opens it when it finds no schema for it (the handler started
   * before the expand had made one): the tables in public, `gati.version` set.
   */
  async versionSessionWithoutSchema(version: string): Promise<Client> {
    return this.connect({ options: `-c gati.version=${version}` });
  }

  private async connect(extra: { options?: string; application_name?: string }): Promise<Client> {
    const client = new Client({ connectionString: this.database.url, ...extra });
    await client.connect();
    this.clients.push(client);
    return client;
  }

  /** Objects the expand made that are left: columns, functions, triggers, schemas and indexes named `_gati_zd_` / `gati_v_`. */
  async leftovers(): Promise<string[]> {
    const client = await this.oldSession();
    const { rows } = await client.query<{ kind: string; name: string }>(`
      SELECT 'column' AS kind, c.relname || '.' || a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relkind IN ('r', 'p') AND a.attname LIKE '\\_gati\\_zd\\_%' AND NOT a.attisdropped AND a.attnum > 0
      UNION ALL SELECT 'function', proname FROM pg_proc WHERE proname LIKE '\\_gati\\_zd\\_%'
      UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE tgname LIKE '\\_gati\\_zd\\_%'
      UNION ALL SELECT 'index', relname FROM pg_class WHERE relkind = 'i' AND relname LIKE '\\_gati\\_zd\\_%'
      UNION ALL SELECT 'schema', nspname FROM pg_namespace WHERE nspname LIKE 'gati\\_v\\_%'
      ORDER BY 1, 2`);
    return rows.map((row) => `${row.kind} ${row.name}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.end().catch(() => undefined)));
    await this.database.drop();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
