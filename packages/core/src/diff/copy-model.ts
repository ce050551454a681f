import type { ColumnModel, EnumModel, ForeignKeyModel, IndexModel, TableModel } from '../model';

/*
 * Fresh copies of model parts for operations: an operation never shares objects with the models it was
 * computed from (so freezing it freezes nothing of the caller's), and carries no `renamedFrom` hints.
 */

export function copyColumn(column: ColumnModel, name: string = column.name): ColumnModel {
  return {
    name,
    type: { ...column.type },
    nullable: column.nullable,
    ...(column.default !== undefined ? { default: { ...column.default } } : {}),
    ...(column.generated !== undefined ? { generated: column.generated } : {}),
  };
}

export function copyIndex(index: IndexModel): IndexModel {
  return {
    name: index.name,
    columns: [...index.columns],
    unique: index.unique,
    ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
  };
}

export function copyForeignKey(fk: ForeignKeyModel): ForeignKeyModel {
  return {
    name: fk.name,
    columns: [...fk.columns],
    referencedTable: fk.referencedTable,
    referencedColumns: [...fk.referencedColumns],
    ...(fk.onDelete !== undefined ? { onDelete: fk.onDelete } : {}),
  };
}

export function copyTable(table: TableModel): TableModel {
  return {
    name: table.name,
    columns: table.columns.map((c) => copyColumn(c)),
    primaryKey: [...table.primaryKey],
    indexes: table.indexes.map(copyIndex),
    foreignKeys: table.foreignKeys.map(copyForeignKey),
    ...(table.collectionOptions !== undefined ? { collectionOptions: { ...table.collectionOptions } } : {}),
  };
}

export function copyEnum(model: EnumModel): EnumModel {
  return { name: model.name, values: [...model.values] };
}
