import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codegenDialectFor } from '../codegen/codegen-dialects';
import { codegenTypeFits } from '../codegen/codegen-type-readings';
import { resolveEntityFiles } from '../config/entity-files';
import { loadUserModule } from '../config/module-loader';
import type { ResolvedConfig, SqlConfig } from '../config/resolved-config';
import { requireSqlConfig } from '../config/sql-config';
import { diffSchemas, findDataLoss, resolveBackfills } from '../diff';
import type { MigrationDefinition } from '../migration/define-migration';
import { EMPTY_SCHEMA, normalizeSchema } from '../model';
import { type Finding, planChanges } from '../planner';
import { type CapturedQuery, captureSql } from '../runner/capture-sql';
import { listMigrationFiles } from '../runner/migration-files';
import { stepsOf } from '../runner/loaded-steps';
import { readLatestSnapshot } from '../snapshot';
import { migrationVersion, nextMigrationName, readTimescapeRegistry } from '../version';
import { confirmDataLoss } from './data-loss-consent';
import { databaseWarnings } from './database-warnings';
import { nameFor } from './migration-slug';
import type { RegistryRecord } from './record-in-registry';
import { BackfillDecisions, parseBackfillFlag } from './backfill-decisions';
import { RenameDecisions, applyRenameHints, parseRenameFlag } from './rename-decisions';
import { completeFromSnapshot } from './snapshot-completion';
import { keepStoredJsonArrays } from './stored-json-arrays';
import { writeMigrationWithSnapshot } from './write-migration';

export interface GenerateOptions {
  /** The migration's name; derived from the changes when absent. */
  readonly name?: string;
  /** The version the migration belongs to; default: the newest in the Timescape registry, else now (UTC). */
  readonly version?: string;
  readonly dryRun?: boolean;
  /**
   * Also look at the configured database, where it can be reached within a few seconds (never an error when it
   * cannot): earlier migrations pending or failed there, and drift, each a line of `warnings`. The CLI does.
   */
  readonly checkDatabase?: boolean;
  /** `--rename FROM=TO` flags. */
  readonly renames?: readonly string[];
  readonly allowDataLoss?: boolean;
  /** `--backfill TABLE.COLUMN=SQL` flags: what existing rows get in a column that becomes NOT NULL. */
  readonly backfills?: readonly string[];
  /** Asks a yes/no question on a terminal; absent in CI, where undecided questions stop with exit 2. */
  readonly ask?: (question: string) => Promise<boolean>;
  /** Asks for a value on a terminal (a backfill's SQL expression); undefined or empty: no answer. */
  readonly askValue?: (question: string) => Promise<string | undefined>;
  readonly now?: Date;
  /** Plan breaking changes as expand and contract (`--zero-downtime`); default: the config's `zeroDowntime`. */
  readonly zeroDowntime?: boolean;
}

export interface GenerateResult {
  /** `unchanged`: the entity types match the last snapshot, nothing was written. */
  readonly status: 'unchanged' | 'written' | 'dry-run';
  readonly name?: string;
  readonly file?: string;
  readonly snapshotFile?: string;
  readonly version?: string;
  readonly steps: { readonly up: readonly string[]; readonly down: readonly string[] };
  /** The findings of the up's steps (all of them, each with its step, are in `lint`). */
  readonly findings: readonly Finding[];
  /** Every step of both directions with its lint findings (data loss, table rewrite, long lock, …): what generate prints. */
  readonly lint: { readonly up: readonly ActionSummary[]; readonly down: readonly ActionSummary[] };
  /** With `checkDatabase`: what the database says (pending or failed migrations, drift), one line each. */
  readonly warnings?: readonly string[];
  /** The migration file's text (also written, unless a dry run). */
  readonly code?: string;
  /** Dry run: the SQL `up` would run. */
  readonly sql?: readonly CapturedQuery[];
  /** Written, in a project with a Timescape registry: whether the migration became its version's `dbSchemaVersion`. */
  readonly registry?: RegistryRecord;
  /**
   * Zero-downtime was asked for: the phases (what expand adds, the breaking changes, what contract removes), or,
   * where the adapter cannot run phases, that both run at once.
   */
  readonly zeroDowntime?:
    | {
        readonly phased: true;
        readonly expand: readonly string[];
        readonly changes: readonly string[];
        readonly contract: readonly string[];
      }
    | { readonly phased: false; readonly note: string };
}

/** One action of a migration, as `generate` describes it, with its lint findings. */
export interface ActionSummary {
  /** What the action does, in one line (the field keeps its name from when actions were called steps). */
  readonly step: string;
  readonly findings: readonly Finding[];
}

/**
 * `migrate:generate`: reads the entity types, diffs them against the last snapshot, and writes one migration
 * with its snapshot (both or neither); where the project has a Timescape registry that lists the migration's
 * version, records the migration as that version's `dbSchemaVersion` (or writes nothing at all).
 */
export async function generateMigration(config: ResolvedConfig, options: GenerateOptions = {}): Promise<GenerateResult> {
  if (config.family === 'document') return (await import('./generate-document')).generateDocumentMigration(config, options);
  return generateMigrationOnSql(requireSqlConfig(config, 'migrate:generate'), options);
}

async function generateMigrationOnSql(config: SqlConfig, options: GenerateOptions): Promise<GenerateResult> {
  const result = await generate(config, options);
  if (!options.checkDatabase) return result;
  const warnings = await databaseWarnings(config, { ignore: result.name });
  return warnings.length > 0 ? { ...result, warnings } : result;
}

async function generate(config: SqlConfig, options: GenerateOptions): Promise<GenerateResult> {
  const now = options.now ?? new Date();
  const registry = readTimescapeRegistry(config.root);
  const version = migrationVersion(registry, options.version, now);
  const { readEntities } = await import('../reader');
  const entities = readEntities(resolveEntityFiles(config.entities, config.root), { naming: config.naming, cwd: config.root });
  const latest = readLatestSnapshot(config.directory);
  const prev = latest?.schema ?? EMPTY_SCHEMA;
  const hinted = applyRenameHints(prev, entities, (options.renames ?? []).map(parseRenameFlag));
  // What a Kysely DB interface cannot say (exact types, defaults, keys, indexes) comes from the last snapshot.
  const typeFits = codegenTypeFits(codegenDialectFor(config.adapter, config.codegen?.dialect));
  const next = keepStoredJsonArrays(prev, completeFromSnapshot(prev, hinted, typeFits), config.adapter);

  const decisions = new RenameDecisions(options.ask);
  const changes = await diffSchemas(prev, next, { renames: decisions });
  decisions.assertDecided(options.allowDataLoss ?? false);
  // Backfill flags are checked whatever the changes: one that names nothing is an error even when nothing changed.
  const columnsOf = (table: string) => next.tables.find((t) => t.name === table)?.columns.map((c) => c.name);
  const backfillDecisions = new BackfillDecisions((options.backfills ?? []).map(parseBackfillFlag), options.askValue, columnsOf);
  const backfills = await resolveBackfills(changes.operations, backfillDecisions);
  backfillDecisions.assertDecided();
  if (changes.operations.length === 0)
    return { status: 'unchanged', steps: { up: [], down: [] }, findings: [], lint: { up: [], down: [] } };

  const after = normalizeSchema(next);
  const zeroDowntimeAsked = options.zeroDowntime ?? config.zeroDowntime;
  const phased = zeroDowntimeAsked && config.adapter.zeroDowntime !== undefined;
  const plan = planChanges({ before: prev, after, changes, backfills, adapter: config.adapter, zeroDowntime: phased });
  // Destructive operations need consent; a narrowing conversion is flagged in the file and output but is the
  // change the user asked for (its CAST is theirs to review).
  await confirmDataLoss(
    changes.operations.filter((op) => op.kind !== 'alterColumn').flatMap((op) => findDataLoss(op) ?? []),
    options,
  );

  const name = nextMigrationName(
    options.name ?? nameFor(changes),
    now,
    listMigrationFiles(config.directory).map((f) => f.name),
  );
  const file = path.join(config.directory, `${name}.ts`);
  const { renderMigration, describeAction, describeZeroDowntimeChange } = await import('../emitter');
  const code = await renderMigration({ plan, before: prev, after, version, adapter: config.adapter, filePath: file });
  const result = {
    name,
    file,
    version,
    code,
    steps: {
      up: plan.up.map((s) => describeAction(s.action, config.adapter.capabilities)),
      down: plan.down.map((s) => describeAction(s.action, config.adapter.capabilities)),
    },
    findings: plan.up.flatMap((s) => s.findings),
    lint: {
      up: plan.up.map((s): ActionSummary => ({ step: describeAction(s.action, config.adapter.capabilities), findings: s.findings })),
      down: plan.down.map((s): ActionSummary => ({ step: describeAction(s.action, config.adapter.capabilities), findings: s.findings })),
    },
    ...(!zeroDowntimeAsked
      ? {}
      : plan.zeroDowntime
        ? {
            zeroDowntime: {
              phased: true as const,
              expand: plan.zeroDowntime.expand.map((s) => describeAction(s.action)),
              changes: plan.zeroDowntime.changes.map(describeZeroDowntimeChange),
              contract: plan.zeroDowntime.contract.map((s) => describeAction(s.action)),
            },
          }
        : {
            zeroDowntime: {
              phased: false as const,
              note: `${config.adapter.name} runs no zero-downtime phases yet: migrate:up applies the whole change at once.`,
            },
          }),
  };
  if (options.dryRun) return { ...result, status: 'dry-run', sql: await previewUpSql(config, code) };

  const written = writeMigrationWithSnapshot(
    { directory: config.directory, name, file, code, version, after, parentId: latest?.id ?? null },
    registry,
  );
  return { ...result, status: 'written', ...written };
}

/** The SQL of the rendered `up`, by running it against a driver that executes nothing. */
async function previewUpSql(config: SqlConfig, code: string): Promise<CapturedQuery[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-preview-'));
  const file = path.join(dir, 'preview.ts');
  try {
    fs.writeFileSync(file, code);
    const steps = stepsOf(await loadUserModule<MigrationDefinition>(file), 'preview');
    return await captureSql(config.adapter, config.connection, async (db) => {
      for (const step of steps) await step.up(db);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
