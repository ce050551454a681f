/**
 * The small schema language of the property test: tables and columns as the entity conventions can say them,
 * each with an identity that survives renames and type changes, so that a row of `before` can be followed into
 * `after` (and back). Entity files are rendered from it (render-entities.ts); the edits in schema-edits.ts
 * change it.
 */
export type ColumnKind = 'string' | 'int' | 'boolean' | 'timestamp' | 'enum';
export type IdKind = 'string' | 'int';

export interface ColumnSpec {
  /** Stable across renames and type changes: how a value of `before` is found in `after`. */
  readonly id: string;
  readonly name: string;
  readonly kind: ColumnKind;
  /** The values of an enum column (an inline string literal union). */
  readonly values?: readonly string[];
  readonly nullable: boolean;
  readonly default?: string | number | boolean;
  readonly index?: 'index' | 'unique';
  /** The id of the table whose `id` this column references (its kind is that table's id kind). */
  readonly references?: string;
  /** The column's name in `before`, where the edits renamed it. */
  readonly renamedFrom?: string;
}

export interface TableSpec {
  readonly id: string;
  readonly name: string;
  readonly idKind: IdKind;
  readonly columns: readonly ColumnSpec[];
  readonly renamedFrom?: string;
}

export interface SchemaSpec {
  readonly tables: readonly TableSpec[];
}

export const TABLE_NAMES = ['t_alpha', 't_beta', 't_gamma', 't_delta', 't_omega'] as const;
export const COLUMN_NAMES = ['amber', 'birch', 'cedar', 'dune', 'ember', 'fjord', 'grove', 'heath', 'iris', 'jade'] as const;
export const ENUM_VALUES = ['red', 'green', 'blue', 'cyan', 'plum'] as const;

/** At most this many columns per table besides `id` (the raw row material has one cell per column). */
export const MAX_COLUMNS = 7;

/** The interface name of a table (`t_alpha` -> `TAlpha`). */
export function entityName(table: string): string {
  return table.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

export function tableById(schema: SchemaSpec, id: string): TableSpec | undefined {
  return schema.tables.find((table) => table.id === id);
}

export function columnById(table: TableSpec, id: string): ColumnSpec | undefined {
  return table.columns.find((column) => column.id === id);
}

/** The kind a referencing column has: the referenced table's id kind. */
export function referenceKind(schema: SchemaSpec, tableId: string): IdKind {
  return tableById(schema, tableId)!.idKind;
}

/** Whether a column of this kind can be unique with random rows (not a two-valued or few-valued one). */
export function canBeUnique(column: ColumnSpec): boolean {
  return (column.kind === 'string' || column.kind === 'int') && column.references === undefined;
}

/** A default of the column's kind (for an enum: its first value). */
export function defaultFor(column: Pick<ColumnSpec, 'kind' | 'values'>, seed: number): string | number | boolean {
  switch (column.kind) {
    case 'string':
      return ['none', 'n/a', "it's"][seed % 3]!;
    case 'int':
      return (seed % 7) - 3;
    case 'boolean':
      return seed % 2 === 0;
    case 'enum':
      return column.values![seed % column.values!.length]!;
    case 'timestamp':
      throw new Error('timestamp columns get no literal default in the property test');
  }
}
