import type { ChangeSet } from '../diff/change-set';
import type { SchemaModel } from '../model';
import type { Finding } from '../planner/migration-plan';

/** What a document adapter plans a migration from: the two models and the diff between them. */
export interface DocumentPlanInput {
  /** The model of the last snapshot (empty for the first migration). */
  readonly previous: SchemaModel;
  /** The model the entity types describe now, normalized. */
  readonly next: SchemaModel;
  /** `diffSchemas(previous, next)`: renames decided, in the order the diff gives. */
  readonly changes: ChangeSet;
}

/**
 * One step of a document migration as the adapter plans it: the body of its `up` (and `down`) as TypeScript
 * statements over the adapter's `db` and `ctx` parameters, which the core's emitter writes into the file.
 */
export interface PlannedDocumentStep {
  /** What the step does, in a few words (`create collection users`): the file's step name. */
  readonly name: string;
  /** The step may run in a transaction where the database has them (data steps). */
  readonly transaction?: boolean;
  readonly upCode: string;
  /** Absent: the step cannot be undone (the file's step has no `down`). */
  readonly downCode?: string;
  /** What a reviewer should know (data loss, a check that may fail); a message that starts with `down: ` is about the down. */
  readonly findings: readonly Finding[];
}

/** The planned migration: its steps in the order `up` runs them, and what it loses or refuses. */
export interface DocumentPlan {
  /**
   * Constants the file declares before its steps (a validator several steps use): `const <name> = <code>;`
   * with `comment` as its JSDoc.
   */
  readonly declarations?: readonly { readonly name: string; readonly code: string; readonly comment: string }[];
  readonly steps: readonly PlannedDocumentStep[];
  /** Where running it loses data, one line each (the file's `dataLoss`). */
  readonly dataLoss: { readonly up: readonly string[]; readonly down: readonly string[] };
  /**
   * The losses of `up` that `generate` writes only with consent (`--allow-data-loss`, or a yes on a terminal), as
   * on SQL: dropped collections and removed fields. A lossy conversion is the change asked for: flagged, not asked.
   */
  readonly destructive: readonly string[];
  /**
   * Changes the database cannot make (a collection option that is fixed once the collection exists), one line
   * each naming it: `generate` writes nothing and exits 2.
   */
  readonly refused: readonly string[];
}

/**
 * The generate side of a document adapter: change set -> the steps of a migration file, with no server. See
 * DocumentAdapter; the MongoDB one is `mongodbPlanning` of `@gati-framework/migrations-adapters/mongodb`.
 */
export interface DocumentPlanning {
  /** Plans the migration from `previous` to `next`: pure, needs no server. */
  planDocumentMigration(input: DocumentPlanInput): DocumentPlan;
  /**
   * The templates of the package's `templates/` folder the emitter fills: `migration` with the planned steps
   * (marks `version`, `options`, `steps`), `empty` for `migrate:create` (mark `version`).
   */
  readonly migrationTemplates: { readonly migration: string; readonly empty: string };
}
