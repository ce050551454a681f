import type { Kysely } from 'kysely';
import type { MigrationDefinition } from '../migration/define-migration';

/** A step as the runner runs it: `up`/`down` migrations are one step, named after the migration. */
export interface LoadedStep {
  readonly name: string;
  /** Where each direction may run inside a transaction (on a database whose DDL is transactional). */
  readonly transaction: { readonly up: boolean; readonly down: boolean };
  readonly up: (db: Kysely<any>) => Promise<void>;
  readonly down?: (db: Kysely<any>) => Promise<void>;
}

/** The steps of a migration, in `up` order. */
export function stepsOf(definition: MigrationDefinition, migrationName: string): LoadedStep[] {
  if (definition.steps) {
    return definition.steps.map((step) => ({
      name: step.name,
      transaction: transactionOf(step.transaction),
      up: step.up,
      down: step.down,
    }));
  }
  return [{ name: migrationName, transaction: transactionOf(definition.transaction), up: definition.up!, down: definition.down }];
}

function transactionOf(setting: boolean | { readonly up?: boolean; readonly down?: boolean } | undefined): LoadedStep['transaction'] {
  if (typeof setting === 'object' && setting !== null) return { up: setting.up !== false, down: setting.down !== false };
  return { up: setting !== false, down: setting !== false };
}

/**
 * What is wrong with a loaded migration's shape, or undefined: a `version` string, and either `up` (with an
 * optional `down`) or a non-empty `steps` list whose every step has a name and an `up`.
 */
export function migrationShapeProblem(definition: Partial<MigrationDefinition> | undefined): string | undefined {
  if (!definition || typeof definition !== 'object') return 'it must export default defineMigration({ version, up, down })';
  if (typeof definition.version !== 'string') return 'its default export has no version string';
  if (definition.steps !== undefined) {
    if (definition.up !== undefined || definition.down !== undefined) return 'it has both steps and up/down; keep one of them';
    if (!Array.isArray(definition.steps) || definition.steps.length === 0) return 'its steps must be a non-empty array';
    const bad = definition.steps.findIndex(
      (s) => !s || typeof s.name !== 'string' || typeof s.up !== 'function' || (s.down !== undefined && typeof s.down !== 'function'),
    );
    if (bad !== -1) return `its step ${bad + 1} needs a name, an up function and (optionally) a down function`;
    return undefined;
  }
  if (typeof definition.up !== 'function') return 'its default export has no up function';
  if (definition.down !== undefined && typeof definition.down !== 'function') return 'its down is not a function';
  return undefined;
}
