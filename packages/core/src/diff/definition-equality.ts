import type { ColumnModel, DefaultValue, ForeignKeyModel, IndexModel, LogicalType, ReferentialAction, TableModel } from '../model';

/** Decides whether two logical types are the same for the diff (default: `sameType`). */
export type TypeEquals = (a: LogicalType, b: LogicalType) => boolean;

/** Two defaults are equal when both are absent, or both literal with the same value, or both the same SQL. */
export function sameDefault(a: DefaultValue | undefined, b: DefaultValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'literal') return b.kind === 'literal' && a.value === b.value;
  return b.kind === 'sql' && a.expression === b.expression;
}

/** Type, nullability, default and identity; the name is not compared. */
export function sameColumnDefinition(a: ColumnModel, b: ColumnModel, typeEquals: TypeEquals): boolean {
  return (
    typeEquals(a.type, b.type) &&
    a.nullable === b.nullable &&
    sameDefault(a.default, b.default) &&
    (a.generated ?? false) === (b.generated ?? false)
  );
}

/** Same names in the same order. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/**
 * Same column names (in any order), each with the same definition, and the same primary key: what makes a
 * dropped table and an added table a likely rename. The table name, indexes and foreign keys are not compared.
 */
export function sameTableShape(a: TableModel, b: TableModel, typeEquals: TypeEquals): boolean {
  if (a.columns.length !== b.columns.length || !sameNames(a.primaryKey, b.primaryKey)) return false;
  const byName = new Map(b.columns.map((c) => [c.name, c]));
  return a.columns.every((column) => {
    const other = byName.get(column.name);
    return other !== undefined && sameColumnDefinition(column, other, typeEquals);
  });
}

/** Columns (in order) and uniqueness; the name is not compared. */
export function sameIndexDefinition(a: IndexModel, b: IndexModel): boolean {
  return a.unique === b.unique && sameNames(a.columns, b.columns);
}

/** An absent `onDelete` is the SQL default, `no action`. */
export function onDeleteOf(fk: ForeignKeyModel): ReferentialAction {
  return fk.onDelete ?? 'no action';
}

/** Columns, referenced table and columns, and `onDelete`; the name is not compared. */
export function sameForeignKeyDefinition(a: ForeignKeyModel, b: ForeignKeyModel): boolean {
  return (
    a.referencedTable === b.referencedTable &&
    sameNames(a.columns, b.columns) &&
    sameNames(a.referencedColumns, b.referencedColumns) &&
    onDeleteOf(a) === onDeleteOf(b)
  );
}
