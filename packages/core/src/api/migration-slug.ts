import type { ChangeSet, Operation } from '../diff';

/** A file name slug from the changes: `create_products`, `add_email_to_users`, or `update_users`. */
export function nameFor(changes: ChangeSet): string {
  const ops = changes.operations;
  if (ops.length === 1) return nameForOperation(ops[0]!);
  const tables = [...new Set(ops.map(tableNameOf).filter((t): t is string => t !== undefined))];
  if (ops.every((op) => op.kind === 'createTable')) return `create_${tables.join('_')}`;
  return tables.length === 1 ? `update_${tables[0]}` : 'update_schema';
}

export function nameForOperation(op: Operation): string {
  switch (op.kind) {
    case 'createTable':
      return `create_${op.table.name}`;
    case 'dropTable':
      return `drop_${op.table.name}`;
    case 'addColumn':
      return `add_${op.column.name}_to_${op.table}`;
    case 'dropColumn':
      return `drop_${op.column.name}_from_${op.table}`;
    case 'renameColumn':
      return `rename_${op.table}_${op.from}_to_${op.to}`;
    case 'alterColumn':
      return `alter_${op.table}_${op.to.name}`;
    case 'renameTable':
      return `rename_${op.from}_to_${op.to}`;
    default:
      return `${op.kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_${tableNameOf(op) ?? 'schema'}`;
  }
}

function tableNameOf(op: Operation): string | undefined {
  if ('table' in op) return typeof op.table === 'string' ? op.table : op.table.name;
  if (op.kind === 'renameTable') return op.to;
  return undefined;
}
