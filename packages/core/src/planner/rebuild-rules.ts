import type { DialectCapabilities } from '../adapter';
import type { Operation } from '../diff/change-set';
import { type ColumnModel, type SchemaModel, type TableModel, findTable, sameType } from '../model';

/**
 * Whether an operation on an existing table can only be made by rebuilding the table, given what the dialect's
 * ALTER TABLE can do. SQLite is the dialect that needs this; the rules follow its documented limits
 * (https://www.sqlite.org/lang_altertable.html).
 */
export function needsRebuild(op: Operation, before: SchemaModel, after: SchemaModel, caps: DialectCapabilities): boolean {
  switch (op.kind) {
    case 'alterColumn': {
      const typeChanged = !sameType(op.from.type, op.to.type);
      const constraintsChanged =
        op.from.nullable !== op.to.nullable ||
        JSON.stringify(op.from.default) !== JSON.stringify(op.to.default) ||
        Boolean(op.from.generated) !== Boolean(op.to.generated);
      return (typeChanged && !caps.alterColumnType) || (constraintsChanged && !caps.alterColumnConstraints);
    }
    case 'alterPrimaryKey':
      return !caps.alterColumnConstraints;
    case 'addForeignKey':
    case 'dropForeignKey':
      return !caps.alterForeignKeys;
    case 'renameColumn':
      return !caps.renameColumn;
    case 'dropColumn': {
      if (!caps.dropColumn) return true;
      const table = findTableBefore(op.table, before, after);
      return !caps.alterForeignKeys && table !== undefined && isKeyColumn(table, op.column.name);
    }
    case 'addColumn': {
      if (caps.alterColumnConstraints) return false;
      const table = findTable(after, op.table);
      return !canAddInPlace(op.column) || (table !== undefined && isKeyColumn(table, op.column.name));
    }
    default:
      return false;
  }
}

/** Enum changes on a dialect that stores enums as CHECK constraints rewrite every table using the enum. */
export function tablesUsingEnum(schema: SchemaModel, enumName: string): string[] {
  return schema.tables.filter((t) => t.columns.some((c) => c.type.kind === 'enum' && c.type.name === enumName)).map((t) => t.name);
}

/** ADD COLUMN in place: no NOT NULL without a literal default, no expression default, no identity. */
function canAddInPlace(column: ColumnModel): boolean {
  if (column.generated) return false;
  if (column.default?.kind === 'sql') return false;
  if (!column.nullable && (column.default === undefined || (column.default.kind === 'literal' && column.default.value === null))) {
    return false;
  }
  return true;
}

function isKeyColumn(table: TableModel, column: string): boolean {
  return table.primaryKey.includes(column) || table.foreignKeys.some((fk) => fk.columns.includes(column));
}

function findTableBefore(name: string, before: SchemaModel, after: SchemaModel): TableModel | undefined {
  return findTable(before, name) ?? findTable(after, name);
}
