import type { EnumModel } from '../model';
import type { Action, ActionKind } from '../planner/action';
import type { DialectCapabilities } from './dialect-capabilities';
import type { TypeMapping } from './type-mapping';

/**
 * What a writer knows while it writes an action: the adapter's capabilities, types and writers (a writer may hand
 * a variant it does not render itself to another), the enum types of the schema the direction leads to, and the
 * names of the row-type interfaces the migration file declares.
 */
export interface WriterContext {
  readonly adapter: { readonly capabilities: DialectCapabilities; readonly types: TypeMapping; readonly writers?: ActionWriters };
  /** The enum types as the direction's target schema has them (then those only the other side has). */
  readonly enums: readonly EnumModel[];
  /** The interface holding the row types of the direction's target tables: `After` in up, `Before` in down. */
  readonly targetRows: 'After' | 'Before';
  readonly sourceRows: 'After' | 'Before';
}

/** The action of one kind: `ActionOf<'createIndex'>`. */
export type ActionOf<K extends ActionKind> = Extract<Action, { readonly kind: K }>;

/**
 * Writes one action as the statements of a migration file's `up` or `down` body: TypeScript that runs on `db`
 * (a `Kysely` instance) and may use Kysely's `sql` template (the file imports it), each statement awaited.
 * Raw SQL goes through `rawSql` (exported by this package), which cannot break out of its template.
 *
 * @example
 * const dropIndex: ActionWriter<'dropIndex'> = (action) =>
 *   `await db.schema.dropIndex(${str(action.index.name)}).ifExists().execute();`;
 */
export type ActionWriter<K extends ActionKind = ActionKind> = (action: ActionOf<K>, ctx: WriterContext) => string;

/**
 * The writers of an adapter, by action kind: the actions it renders its own way. Every other action is written
 * by the core's portable writer (`portableWriters`), on Kysely's schema and query builders. Capabilities decide
 * which actions the plan has; writers decide how each reads in the file.
 */
export type ActionWriters = { readonly [K in ActionKind]?: ActionWriter<K> };
