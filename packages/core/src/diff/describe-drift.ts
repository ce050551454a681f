import type { ColumnModel, EnumModel, ForeignKeyModel, IndexModel, SchemaModel } from '../model';
import type { Operation } from './change-set';
import { type DialectView, dialectDefaultText } from './dialect-equivalence';

/**
 * One way the live database differs from the snapshot it should match (drift): an operation of the diff from
 * the snapshot to the database, in words. `extra`: the database has it and the snapshot does not (made by
 * hand); `missing`: the snapshot has it and the database does not (dropped by hand); `changed`: both have it,
 * differently.
 */
export interface DriftDifference {
  readonly change: 'extra' | 'missing' | 'changed';
  /** What differs: `table`, `column`, `index`, `foreign key`, `primary key`, `enum`. */
  readonly object: 'table' | 'column' | 'index' | 'foreign key' | 'primary key' | 'enum';
  /** Its name: `users`, `users.nickname`, `users_email_idx`, `order_status`. */
  readonly name: string;
  /** The table it belongs to, for everything but enums. */
  readonly table?: string;
  /** The whole difference in one line: `extra column users.nickname (text null): in the database, not in the snapshot`. */
  readonly message: string;
}

/** The two schemas a drift check compares: the snapshot, and the live database as introspected. */
export interface DriftSides {
  readonly snapshot: SchemaModel;
  readonly live: SchemaModel;
}

const EXTRA = 'in the database, not in the snapshot (made by hand?)';
const MISSING = 'in the snapshot, not in the database (dropped by hand?)';

/**
 * Each operation of the diff from a snapshot to the live database (`diffAsStored(snapshot, live, adapter)`),
 * as a {@link DriftDifference}, with types spelled as the dialect spells them.
 *
 * @example
 * describeDrift({ kind: 'addColumn', table: 'users', column: { name: 'nickname', type: { kind: 'text' }, nullable: true } }, sides, sqlite);
 * // { change: 'extra', object: 'column', name: 'users.nickname', table: 'users',
 * //   message: 'extra column users.nickname (text null): in the database, not in the snapshot (made by hand?)' }
 */
export function describeDrift(op: Operation, sides: DriftSides, adapter: DialectView): DriftDifference {
  const column = (c: ColumnModel, enums: readonly EnumModel[]) => columnText(c, enums, adapter);
  switch (op.kind) {
    case 'createTable':
      return difference('extra', 'table', op.table.name, op.table.name, EXTRA);
    case 'dropTable':
      return difference('missing', 'table', op.table.name, op.table.name, MISSING);
    case 'renameTable':
      return difference('changed', 'table', op.to, op.to, `the snapshot calls it ${op.from}`);
    case 'addColumn':
      return difference('extra', 'column', `${op.table}.${op.column.name}`, op.table, EXTRA, column(op.column, sides.live.enums));
    case 'dropColumn':
      return difference('missing', 'column', `${op.table}.${op.column.name}`, op.table, MISSING, column(op.column, sides.snapshot.enums));
    case 'renameColumn':
      return difference('changed', 'column', `${op.table}.${op.to}`, op.table, `the snapshot calls it ${op.table}.${op.from}`);
    case 'alterColumn':
      return difference(
        'changed',
        'column',
        `${op.table}.${op.to.name}`,
        op.table,
        `the snapshot has ${column(op.from, sides.snapshot.enums)}, the database ${column(op.to, sides.live.enums)}`,
      );
    case 'alterPrimaryKey':
      return difference(
        'changed',
        'primary key',
        op.table,
        op.table,
        `the snapshot has ${keyText(op.from)}, the database ${keyText(op.to)}`,
      );
    case 'createIndex':
      return difference('extra', 'index', op.index.name, op.table, EXTRA, indexText(op.table, op.index));
    case 'dropIndex':
      return difference('missing', 'index', op.index.name, op.table, MISSING, indexText(op.table, op.index));
    case 'addForeignKey':
      return difference('extra', 'foreign key', op.foreignKey.name, op.table, EXTRA, foreignKeyText(op.table, op.foreignKey));
    case 'dropForeignKey':
      return difference('missing', 'foreign key', op.foreignKey.name, op.table, MISSING, foreignKeyText(op.table, op.foreignKey));
    case 'createEnum':
      return difference('extra', 'enum', op.enum.name, undefined, EXTRA, valuesText(op.enum));
    case 'dropEnum':
      return difference('missing', 'enum', op.enum.name, undefined, MISSING, valuesText(op.enum));
    case 'alterEnum':
      return difference(
        'changed',
        'enum',
        op.to.name,
        undefined,
        `the snapshot has ${valuesText(op.from)}, the database ${valuesText(op.to)}`,
      );
    // Renames of derived names follow a table or column rename, which drift never finds (it compares without
    // hints): described all the same, should a rename show up.
    case 'renameEnum':
      return difference('changed', 'enum', op.to, undefined, `the snapshot calls it ${op.from}`);
    case 'renameIndex':
      return difference('changed', 'index', op.index.name, op.table, `the snapshot calls it ${op.from}`);
    case 'renameForeignKey':
      return difference('changed', 'foreign key', op.foreignKey.name, op.table, `the snapshot calls it ${op.from}`);
    case 'renamePrimaryKey':
      return difference('changed', 'primary key', op.table, op.table, `the snapshot calls it ${op.from}, the database ${op.to}`);
  }
}

function difference(
  change: DriftDifference['change'],
  object: DriftDifference['object'],
  name: string,
  table: string | undefined,
  why: string,
  detail?: string,
): DriftDifference {
  const label = object === 'primary key' ? `primary key of ${name}` : `${object} ${name}`;
  const message = `${change} ${label}${detail ? ` (${detail})` : ''}: ${why}`;
  return { change, object, name, ...(table !== undefined ? { table } : {}), message };
}

/** `varchar(255) not null default 'x'`, as the dialect spells the type and the default. */
function columnText(column: ColumnModel, enums: readonly EnumModel[], adapter: DialectView): string {
  const parts = [adapter.types.columnType(column.type, enums), column.nullable ? 'null' : 'not null'];
  const fallback = dialectDefaultText(adapter, column);
  if (fallback !== undefined) parts.push(`default ${fallback}`);
  if (column.generated) parts.push('generated');
  return parts.join(' ');
}

function keyText(columns: readonly string[]): string {
  return columns.length === 0 ? 'none' : `(${columns.join(', ')})`;
}

function indexText(table: string, index: IndexModel): string {
  return `${index.unique ? 'unique ' : ''}on ${table} (${index.columns.join(', ')})`;
}

function foreignKeyText(table: string, fk: ForeignKeyModel): string {
  return `${table} (${fk.columns.join(', ')}) references ${fk.referencedTable} (${fk.referencedColumns.join(', ')})`;
}

function valuesText(model: EnumModel): string {
  return model.values.map((v) => `'${v}'`).join(', ');
}
