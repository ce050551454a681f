import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { resolveEntityFiles } from '../config/entity-files';
import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { diffSchemas, invertChangeSet } from '../diff';
import { GatiError, UsageError } from '../errors';
import { EMPTY_SCHEMA, type SchemaModel, normalizeSchema, schemasOf } from '../model';
import { planMigration } from '../planner';
import { createAppliedTable, recordApplied } from '../runner/applied-table';
import { migrationChecksum } from '../runner/migration-checksum';
import { listMigrationFiles } from '../runner/migration-files';
import { createHistoryTable, insertBookkeepingRun } from '../runner/run-history';
import { runnerTableNames, runnerTables } from '../runner/runner-tables';
import { SNAPSHOT_FORMAT, type Snapshot, readLatestSnapshot, serializeSnapshot, snapshotPath } from '../snapshot';
import { migrationVersion, nextMigrationName, readTimescapeRegistry } from '../version';
import { alignWithModels } from './align-with-model';
import { withDatabase, withMigrationLock } from './open-database';
import { type RegistryRecord, recordInRegistry } from './record-in-registry';
import { TOOL_VERSION } from './tool-version';
import { writeFilesAtomically } from './write-files';

export interface BaselineOptions {
  readonly name?: string;
  readonly version?: string;
  readonly now?: Date;
}

export interface BaselineResult {
  readonly name: string;
  readonly file: string;
  readonly snapshotFile: string;
  readonly version: string;
  /** The tables the database holds, now the first snapshot. */
  readonly tables: readonly string[];
  /**
   * Where the entity types say something else than the database (what the next `migrate:generate` will write),
   * one line each; empty when they match it, or when there are no entity files to compare with.
   */
  readonly differences: readonly string[];
  readonly registry?: RegistryRecord;
}

/**
 * `migrate:baseline` (also `migrate:generate --from-db`): adopts a database that already has tables. Reads its
 * schema, writes it as the first migration (its up creates everything, for new environments; its down drops
 * everything) with its snapshot, and records that migration as applied here, without running it. From then on
 * `migrate:generate` diffs the entity types against what the database really holds.
 *
 * Where an entity type describes a column as the database stores it, the snapshot keeps the entity's
 * definition (`varchar(255)` rather than SQLite's `text`), so that the next generate finds nothing to do for it.
 */
export async function baselineFromDatabase(config: ResolvedConfig, options: BaselineOptions = {}): Promise<BaselineResult> {
  return baselineFromDatabaseOnSql(requireSqlConfig(config, 'migrate:baseline'), options);
}

async function baselineFromDatabaseOnSql(config: SqlConfig, options: BaselineOptions): Promise<BaselineResult> {
  const existing = listMigrationFiles(config.directory);
  if (existing.length > 0 || readLatestSnapshot(config.directory)) {
    throw new UsageError(
      `A baseline is a project's first migration, and ${path.relative(process.cwd(), config.directory) || '.'} has ${existing.length} already. Run it in a project without migrations.`,
    );
  }
  const now = options.now ?? new Date();
  const registry = readTimescapeRegistry(config.root);
  const version = migrationVersion(registry, options.version, now);

  return withDatabase(config, (db) =>
    withMigrationLock(config, db, async () => {
      // The entity types say which schemas besides the default one the project uses: those are read too.
      const entities = await readEntitiesIfAny(config);
      const live = await config.adapter.introspect(db, {
        excludeTables: runnerTableNames(config.tableName),
        ...(entities && config.adapter.capabilities.schemas ? { schemas: schemasOf(entities) } : {}),
      });
      if (live.tables.length === 0) {
        throw new GatiError(
          'BASELINE_EMPTY',
          `The database ${config.adapter.describeTarget(config.connection)} has no tables: there is nothing to baseline. Use migrate:generate.`,
        );
      }
      const schema = normalizeSchema(entities ? alignWithModels(live, [entities], config.adapter) : live);
      const differences = entities ? await describeDifferences(schema, entities) : [];

      const name = nextMigrationName(options.name ?? 'baseline', now, []);
      const file = path.join(config.directory, `${name}.ts`);
      const { renderMigration } = await import('../emitter');
      const changes = await diffSchemas(EMPTY_SCHEMA, schema, { renames: { decide: () => false } });
      // Its down drops tables whose rows were there before gati-migrations: migrate:down refuses it without
      // --allow-data-loss.
      const plan = planMigration({
        before: EMPTY_SCHEMA,
        after: schema,
        upOps: changes.operations.map((op) => ({ op })),
        downOps: invertChangeSet(changes).operations.map(({ op }) => ({
          op,
          dataLoss: op.kind === 'dropTable' ? `The down drops ${op.table.name} and every row it held before the baseline` : undefined,
        })),
        adapter: config.adapter,
      });
      const code = await renderMigration({ plan, before: EMPTY_SCHEMA, after: schema, version, adapter: config.adapter, filePath: file });
      const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, id: name, parentId: null, version, schema };
      const snapshotFile = snapshotPath(config.directory, name);
      writeFilesAtomically([
        { file, text: code },
        { file: snapshotFile, text: serializeSnapshot(snapshot) },
      ]);
      try {
        await markApplied(config, db, { name, version, checksum: migrationChecksum(code) });
      } catch (error) {
        for (const written of [file, snapshotFile]) fs.rmSync(written, { force: true });
        throw error;
      }
      const recorded = recordInRegistry(registry, { name, version, written: [file, snapshotFile] });
      return {
        name,
        file,
        snapshotFile,
        version,
        tables: schema.tables.map((t) => t.name),
        differences,
        ...(recorded ? { registry: recorded } : {}),
      };
    }),
  );
}

/** The entity model where the project has entity files; undefined where it has none yet. */
async function readEntitiesIfAny(config: SqlConfig): Promise<SchemaModel | undefined> {
  const files = resolveEntityFiles(config.entities, config.root);
  if (files.length === 0) return undefined;
  const { readEntities } = await import('../reader');
  return readEntities(files, { naming: config.naming, cwd: config.root });
}

/** What the next `migrate:generate` would change, as one line per operation. */
async function describeDifferences(snapshot: SchemaModel, entities: SchemaModel): Promise<string[]> {
  const changes = await diffSchemas(snapshot, entities, { renames: { decide: () => false } });
  return changes.operations.map((op) => {
    const table = 'table' in op ? (typeof op.table === 'string' ? op.table : op.table.name) : op.kind === 'renameTable' ? op.to : undefined;
    const what =
      op.kind === 'addColumn' || op.kind === 'dropColumn'
        ? `${table}.${op.column.name}`
        : op.kind === 'alterColumn'
          ? `${table}.${op.to.name}`
          : op.kind === 'createIndex' || op.kind === 'dropIndex'
            ? `${table} index ${op.index.name}`
            : (table ?? ('enum' in op ? op.enum.name : op.kind === 'alterEnum' ? op.to.name : ''));
    return `${op.kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} ${what}`.trim();
  });
}

/** The baseline is applied here already: its applied row and a `baseline` run, in one transaction where possible. */
async function markApplied(
  config: SqlConfig,
  db: Kysely<any>,
  migration: { name: string; version: string; checksum: string },
): Promise<void> {
  const tables = runnerTables(config.tableName);
  await createAppliedTable(db, tables.applied);
  await createHistoryTable(db, tables.history);
  await db.transaction().execute(async (trx) => {
    await recordApplied(trx, tables.applied, migration.name, new Date());
    await insertBookkeepingRun(trx, tables.history, { ...migration, direction: 'baseline', toolVersion: TOOL_VERSION });
  });
}
