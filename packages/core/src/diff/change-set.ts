import type { ColumnModel, EnumModel, ForeignKeyModel, IndexModel, TableModel } from '../model';

/**
 * One schema change. Operations carry the full before/after definitions they need, so that each can be
 * inverted (for the down step) and planned without looking anything up.
 */
export type Operation =
  | { readonly kind: 'createEnum'; readonly enum: EnumModel }
  | { readonly kind: 'dropEnum'; readonly enum: EnumModel }
  | { readonly kind: 'alterEnum'; readonly from: EnumModel; readonly to: EnumModel }
  /** An enum type whose name derives from a renamed table or column (`people_status` -> `customers_status`). */
  | { readonly kind: 'renameEnum'; readonly from: string; readonly to: string }
  | { readonly kind: 'createTable'; readonly table: TableModel }
  | { readonly kind: 'dropTable'; readonly table: TableModel }
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: ColumnModel }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: ColumnModel }
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  /** Type, nullability, default or identity changed. `table` is the table's name after any rename. */
  | { readonly kind: 'alterColumn'; readonly table: string; readonly from: ColumnModel; readonly to: ColumnModel }
  | { readonly kind: 'alterPrimaryKey'; readonly table: string; readonly from: readonly string[]; readonly to: readonly string[] }
  | { readonly kind: 'createIndex'; readonly table: string; readonly index: IndexModel }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly index: IndexModel }
  | { readonly kind: 'addForeignKey'; readonly table: string; readonly foreignKey: ForeignKeyModel }
  | { readonly kind: 'dropForeignKey'; readonly table: string; readonly foreignKey: ForeignKeyModel }
  /**
   * Renames of objects whose derived names change with a renamed table or column (see `naming.ts`), and nothing
   * else: an index or a foreign key named `from` takes the name of `index` / `foreignKey`, which describe it as it
   * is when the operation runs (after every rename of the direction); a table's primary key `from` becomes `to`.
   */
  | { readonly kind: 'renameIndex'; readonly table: string; readonly from: string; readonly index: IndexModel }
  | { readonly kind: 'renameForeignKey'; readonly table: string; readonly from: string; readonly foreignKey: ForeignKeyModel }
  | { readonly kind: 'renamePrimaryKey'; readonly table: string; readonly from: string; readonly to: string };

export type OperationKind = Operation['kind'];

/** The difference between two schema models, in an order that can be applied as it stands. */
export interface ChangeSet {
  readonly operations: readonly Operation[];
}

/** A candidate rename the diff found: something dropped and something added with the same definition. */
export type RenameCandidate =
  | { readonly kind: 'table'; readonly from: string; readonly to: string }
  | { readonly kind: 'column'; readonly table: string; readonly from: string; readonly to: string };

/**
 * Decides likely renames. A terminal prompt, `--rename` flags, or a stub in tests. Called only for
 * candidates that no `@renamedFrom` hint settled; returns true to treat the pair as a rename.
 */
export interface RenameResolver {
  decide(candidate: RenameCandidate): boolean | Promise<boolean>;
}
