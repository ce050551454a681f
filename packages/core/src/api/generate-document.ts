import path from 'node:path';
import { resolveEntityFiles } from '../config/entity-files';
import type { DocumentConfig } from '../config/resolved-config';
import { type ChangeSet, diffSchemas } from '../diff';
import { NotSupportedError, UsageError } from '../errors';
import { EMPTY_SCHEMA, normalizeSchema, sameDocumentType } from '../model';
import { listMigrationFiles } from '../runner/migration-files';
import { readLatestSnapshot } from '../snapshot';
import { migrationVersion, nextMigrationName, readTimescapeRegistry } from '../version';
import { confirmDataLoss } from './data-loss-consent';
import type { ActionSummary, GenerateOptions, GenerateResult } from './generate';
import { nameFor } from './migration-slug';
import type { Finding } from '../planner/migration-plan';
import { RenameDecisions, applyRenameHints, parseRenameFlag } from './rename-decisions';
import { writeMigrationWithSnapshot } from './write-migration';

/**
 * `migrate:generate` on a document database (MongoDB): the entity types (read with their JSON shapes and
 * collection tags) are diffed against the last snapshot as on SQL (renames, decisions, `--rename`,
 * `--allow-data-loss`, exit 2), the adapter plans the steps (`DocumentPlanning`), the emitter writes the file, and
 * the migration and its snapshot are written together, recorded in the Timescape registry as on SQL. Needs no
 * server: the database is never contacted (`checkDatabase` is ignored).
 */
export async function generateDocumentMigration(config: DocumentConfig, options: GenerateOptions): Promise<GenerateResult> {
  if ((options.backfills ?? []).length > 0) {
    throw new UsageError(
      `--backfill is for SQL columns; on ${config.adapter.name} a new required field takes its value from a literal @default.`,
    );
  }
  const now = options.now ?? new Date();
  const registry = readTimescapeRegistry(config.root);
  const version = migrationVersion(registry, options.version, now);
  const { readEntities } = await import('../reader');
  const entities = readEntities(resolveEntityFiles(config.entities, config.root), {
    naming: config.naming,
    cwd: config.root,
    documents: true,
  });
  const latest = readLatestSnapshot(config.directory);
  const prev = latest?.schema ?? EMPTY_SCHEMA;
  const next = applyRenameHints(prev, entities, (options.renames ?? []).map(parseRenameFlag));

  const decisions = new RenameDecisions(options.ask);
  const changes = await diffSchemas(prev, next, { renames: decisions, typeEquals: sameDocumentType });
  decisions.assertDecided(options.allowDataLoss ?? false);

  const after = normalizeSchema(next);
  // The adapter sees what the diff does not compare (index expiry, collection options): plan whatever the diff says.
  const plan = config.adapter.planDocumentMigration({ previous: prev, next: after, changes });
  if (plan.refused.length > 0) {
    throw new NotSupportedError(`${config.adapter.name} cannot make this change: ${plan.refused.join(' ')}`);
  }
  // Changes with nothing to do on the database (a foreign key, which MongoDB has none of) write nothing either.
  if (plan.steps.length === 0) {
    return { status: 'unchanged', steps: { up: [], down: [] }, findings: [], lint: { up: [], down: [] } };
  }
  await confirmDataLoss(plan.destructive, options);

  const name = nextMigrationName(
    options.name ?? nameForDocuments(changes),
    now,
    listMigrationFiles(config.directory).map((f) => f.name),
  );
  const file = path.join(config.directory, `${name}.ts`);
  const { renderDocumentMigration } = await import('../emitter');
  const code = await renderDocumentMigration({ plan, version, templates: config.adapter.migrationTemplates, filePath: file });
  // A finding whose message starts with `down: ` is about the step's down (dropping a collection this step creates).
  const ofDown = (finding: Finding): boolean => finding.message.startsWith('down: ');
  const up = plan.steps.map((step): ActionSummary => ({ step: step.name, findings: step.findings.filter((f) => !ofDown(f)) }));
  const down = [...plan.steps].reverse().map((step): ActionSummary => ({
    step: step.downCode === undefined ? `${step.name}: cannot be undone` : `undo ${step.name}`,
    findings: step.findings.filter(ofDown).map((f) => ({ ...f, message: f.message.slice('down: '.length) })),
  }));
  const zeroDowntimeAsked = options.zeroDowntime ?? config.zeroDowntime;
  const result = {
    name,
    file,
    version,
    code,
    steps: { up: up.map((s) => s.step), down: down.map((s) => s.step) },
    findings: up.flatMap((s) => s.findings),
    lint: { up, down },
    ...(zeroDowntimeAsked
      ? {
          zeroDowntime: {
            phased: false as const,
            note: `${config.adapter.name} runs no zero-downtime phases: migrate:up applies the whole change, step by step.`,
          },
        }
      : {}),
  };
  if (options.dryRun) return { ...result, status: 'dry-run' };

  const written = writeMigrationWithSnapshot(
    { directory: config.directory, name, file, code, version, after, parentId: latest?.id ?? null },
    registry,
  );
  return { ...result, status: 'written', ...written };
}

/**
 * The file name slug, as on SQL (`create_users`, `add_email_to_users`), where the indexes of a new collection are
 * part of creating it; `update_schema` for changes the diff does not name (an index's expiry).
 */
function nameForDocuments(changes: ChangeSet): string {
  const created = new Set(changes.operations.flatMap((op) => (op.kind === 'createTable' ? [op.table.name] : [])));
  const operations = changes.operations.filter((op) => !(op.kind === 'createIndex' && created.has(op.table)));
  return operations.length > 0 ? nameFor({ operations }) : 'update_schema';
}
