import fs from 'node:fs';
import path from 'node:path';
import { resolveEntityFiles } from '../config/entity-files';
import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { describeDrift, diffAsStored } from '../diff';
import { UsageError } from '../errors';
import { EMPTY_SCHEMA, type SchemaModel, compareCodePoints, normalizeSchema, schemasOf } from '../model';
import { readRunnerState } from '../runner/migrate';
import { listMigrationFiles } from '../runner/migration-files';
import { runnerTableNames } from '../runner/runner-tables';
import { SNAPSHOT_FORMAT, type Snapshot, readSnapshot, readSnapshotAtOrBefore, serializeSnapshot, snapshotPath } from '../snapshot';
import { alignWithModels } from './align-with-model';
import { withExistingDatabase } from './open-database';
import { runnerContext } from './runner-context';
import { isApplied } from './schema-drift';
import { replaceFileAtomically } from './write-files';

export interface SnapshotOptions {
  /** The migration whose snapshot to write (a file name, with or without extension or folder); default: the last one. */
  readonly migration?: string;
}

export interface SnapshotResult {
  /** The migration the snapshot belongs to. */
  readonly name: string;
  readonly snapshotFile: string;
  /** Whether it replaced a snapshot the migration had (else the migration had none: written by hand). */
  readonly replaced: boolean;
  readonly tables: readonly string[];
  /** What the new snapshot says that the one it replaces (or the newest before it) did not, one line each. */
  readonly differences: readonly string[];
  /** Migrations after it that are not applied: their snapshots were made from the old one, and stay as they are. */
  readonly later: readonly string[];
}

/**
 * `migrate:snapshot`: writes the live database's schema as the snapshot of the last migration applied to it (or
 * of the one named, which must be that one), so that the next `migrate:generate` starts from what the database
 * really holds. For a hand-written migration (`migrate:create`, which writes no snapshot) or one edited by hand,
 * once it is applied.
 *
 * Parts of the schema that the previous snapshot or the entity types describe as the database stores them keep
 * their spelling (`varchar(255)` where SQLite says `text`, enum type names, a default as written), as generated
 * snapshots have them.
 */
export async function snapshotFromDatabase(config: ResolvedConfig, options: SnapshotOptions = {}): Promise<SnapshotResult> {
  return snapshotFromDatabaseOnSql(requireSqlConfig(config, 'migrate:snapshot'), options);
}

async function snapshotFromDatabaseOnSql(config: SqlConfig, options: SnapshotOptions): Promise<SnapshotResult> {
  const files = listMigrationFiles(config.directory);
  if (files.length === 0)
    throw new UsageError(`There are no migrations in ${displayPath(config.directory)}: there is nothing to record a snapshot for.`);
  const nothingApplied = (): never => {
    throw new UsageError(
      `No migration is applied to ${config.adapter.describeTarget(config.connection)}, so it holds no migration's schema: run gati migrate:up first.`,
    );
  };
  const result = await withExistingDatabase<SnapshotResult | undefined>(config, undefined, async (db) => {
    const { records } = await readRunnerState(db, runnerContext(config, db, files));
    const applied = records
      .filter(isApplied)
      .map((r) => r.name)
      .sort(compareCodePoints);
    const lastApplied = applied[applied.length - 1];
    if (lastApplied === undefined) return nothingApplied();
    const name = options.migration === undefined ? files[files.length - 1]!.name : migrationName(options.migration);
    const record = records.find((r) => r.name === name);
    if (!record?.file) throw new UsageError(`migrate:snapshot ${options.migration}: no migration file has that name.`);
    if (!isApplied(record)) {
      throw new UsageError(
        `${name} is ${record.state}: the database does not hold its schema. Run gati migrate:up first, or name the last applied migration (${lastApplied}).`,
      );
    }
    if (name !== lastApplied) {
      throw new UsageError(
        `${name} is not the last migration applied to the database (${lastApplied} is): the database holds the schema of ${lastApplied}. Name that one.`,
      );
    }

    const own = snapshotPath(config.directory, name);
    const replaced = fs.existsSync(own);
    const previous = readSnapshotAtOrBefore(config.directory, name);
    const before = previous?.schema ?? EMPTY_SCHEMA;
    const entities = await readEntitiesIfAny(config);
    const live = await config.adapter.introspect(db, {
      excludeTables: runnerTableNames(config.tableName),
      ...(config.adapter.capabilities.schemas
        ? { schemas: [...new Set([...schemasOf(before), ...(entities ? schemasOf(entities) : [])])] }
        : {}),
    });
    const schema = normalizeSchema(alignWithModels(live, entities ? [before, entities] : [before], config.adapter));
    const changes = await diffAsStored(before, schema, config.adapter);
    const parentId = replaced ? readSnapshot(own).parentId : (previous?.id ?? null);
    const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, id: name, parentId, version: record.version ?? '', schema };
    replaceFileAtomically(own, serializeSnapshot(snapshot));
    return {
      name,
      snapshotFile: own,
      replaced,
      tables: schema.tables.map((t) => t.name),
      differences: changes.operations.map((op) => describeDrift(op, { snapshot: before, live: schema }, config.adapter).message),
      later: records.filter((r) => compareCodePoints(r.name, name) > 0 && !isApplied(r)).map((r) => r.name),
    };
  });
  return result ?? nothingApplied();
}

/** `migrations/20240115100000_x.ts` -> `20240115100000_x`. */
function migrationName(text: string): string {
  return path.basename(text).replace(/\.(ts|mts|js|mjs|cjs)$/, '');
}

function displayPath(dir: string): string {
  return path.relative(process.cwd(), dir) || '.';
}

/** The entity model where the project has entity files; undefined where it has none. */
async function readEntitiesIfAny(config: SqlConfig): Promise<SchemaModel | undefined> {
  const files = resolveEntityFiles(config.entities, config.root);
  if (files.length === 0) return undefined;
  const { readEntities } = await import('../reader');
  return readEntities(files, { naming: config.naming, cwd: config.root });
}
