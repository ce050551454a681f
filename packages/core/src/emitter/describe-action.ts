import { describeBackfill } from '../diff/backfill';
import type { DialectCapabilities } from '../adapter/dialect-capabilities';
import { type ColumnModel, DEFAULT_SCHEMA, type DefaultValue, type LogicalType, describeType, schemaOf, unqualifiedName } from '../model';
import type { Action } from '../planner';
import { conversionName } from './conversion-code';

/** What a description reads from the dialect: whether it has `varchar` (SQLite's strings are all `text`). */
export type DescribedDialect = Partial<Pick<DialectCapabilities, 'varchar'>>;

/**
 * One line that says what a action does, for the file's summary and `generate`'s output. Types are the model's
 * (`int`, `timestamp`, `enum(order_status)`), except that a dialect without `varchar` says `text` for one.
 */
export function describeAction(action: Action, dialect: DescribedDialect = {}): string {
  const typeText = (type: LogicalType): string => describeStoredType(type, dialect);
  const describeColumn = (column: ColumnModel): string => describeColumnOn(column, dialect);
  const describeColumnChange = (from: ColumnModel, to: ColumnModel): string => describeColumnChangeOn(from, to, dialect);
  switch (action.kind) {
    case 'createSchema':
      return `create schema ${action.schema} (if it does not exist)`;
    case 'createEnum':
      return `create enum ${action.enum.name} (${action.enum.values.join(', ')})`;
    case 'dropEnum':
      return `drop enum ${action.enum.name}`;
    case 'createTable':
      return `create table ${action.table.name}`;
    case 'dropTable':
      return `drop table ${action.table.name}`;
    case 'renameTable': {
      const [fromSchema, toSchema] = [schemaOf(action.from), schemaOf(action.to)];
      if (fromSchema === toSchema) return `rename table ${action.from} to ${action.to}`;
      const moved = `move table ${action.from} to schema ${toSchema ?? DEFAULT_SCHEMA}`;
      return unqualifiedName(action.from) === unqualifiedName(action.to) ? moved : `${moved}, as ${unqualifiedName(action.to)}`;
    }
    case 'renameEnum':
      return `rename enum ${action.from} to ${unqualifiedName(action.to)}`;
    case 'renameIndex':
      return `rename index ${action.from} to ${action.index.name} on ${action.table}`;
    case 'renameForeignKey':
      return `rename foreign key ${action.from} to ${action.foreignKey.name} on ${action.table}${action.ownIndex ? ' (and its index)' : ''}`;
    case 'renamePrimaryKey':
      return `rename primary key ${action.from} to ${action.to} on ${action.table}`;
    case 'addColumn':
      return `add column ${action.table}.${action.column.name} ${describeColumn(action.column)}`;
    case 'dropColumn':
      return `drop column ${action.table}.${action.column.name}`;
    case 'renameColumn':
      return `rename column ${action.table}.${action.from} to ${action.to}`;
    case 'createIndex':
      return `create ${action.index.unique ? 'unique ' : ''}index ${action.concurrently ? 'concurrently ' : ''}${action.index.name} on ${action.table} (${action.index.columns.join(', ')})`;
    case 'dropIndex':
      return `drop index ${action.concurrently ? 'concurrently ' : ''}${action.index.name}`;
    case 'addEnumValue':
      return `add value '${action.value}' to enum ${action.enum.name}${action.before !== undefined ? ` before '${action.before}'` : action.after !== undefined ? ` after '${action.after}'` : ''}`;
    case 'addForeignKey':
      return `add foreign key ${action.foreignKey.name} on ${action.table}${action.notValid ? ' not valid (checked by the next step)' : ''}`;
    case 'validateForeignKey':
      return `validate foreign key ${action.foreignKey.name} on ${action.table}`;
    case 'dropForeignKey':
      return `drop foreign key ${action.foreignKey.name} on ${action.table}`;
    case 'dropPrimaryKey':
      return `drop primary key of ${action.table} (${action.columns.join(', ')})`;
    case 'addPrimaryKey':
      return `add primary key of ${action.table} (${action.columns.join(', ')})`;
    case 'replacePrimaryKey':
      return `replace primary key of ${action.table} (${action.from.join(', ')}) with (${action.to.join(', ')})`;
    case 'fillColumn':
      return `fill ${action.table}.${action.column.name} with ${describeBackfill(action.value)} ${action.onlyNulls ? 'where it is NULL' : 'in every row'}`;
    case 'mapEnumValues':
      return `map ${action.table}.${action.column} values removed from enum ${action.enum} (${action.map
        .map((m) => `'${m.from}' -> ${m.to === null ? 'NULL' : `'${m.to}'`}`)
        .join(', ')})`;
    case 'checkConversion':
      return `check that every ${action.table}.${action.column} converts from ${typeText(action.from)} to ${typeText(action.to)}`;
    case 'changeColumnType':
      return `change type of ${action.table}.${action.to.name} from ${typeText(action.from.type)} to ${typeText(action.to.type)} in place`;
    case 'alterColumn':
      return `alter column ${action.table}.${action.to.name}: ${describeColumnChange(action.from, action.to)}`;
    case 'convertColumn': {
      const what = `${action.table}.${action.to.name} from ${typeText(action.from.type)} to ${typeText(action.to.type)}`;
      if (action.stage === 'add')
        return `add column ${action.table}.${action.temporary} ${typeText(action.to.type)} null, for converting ${action.table}.${action.from.name}`;
      const conversion = conversionName({ table: action.table, column: action.from.name, from: action.from.type, to: action.to.type });
      if (action.stage === 'fill') return `convert ${what}: fill ${action.temporary} with ${conversion}`;
      if (action.stage === 'swap') return `drop ${action.table}.${action.from.name}, rename ${action.temporary} to ${action.to.name}`;
      return `convert ${what} (add column, fill it with ${conversion}, drop, rename)`;
    }
    case 'recreateEnum':
      return `recreate enum ${action.to.name} (${action.to.values.join(', ')})${action.columns.length ? ` and move ${action.columns.map((c) => `${c.table}.${c.column.name}`).join(', ')} to it` : ''}`;
    case 'rebuildTable': {
      const table = action.name ?? action.to.name;
      const casts = action.sources
        .filter((s) => s.cast)
        .map((s) => {
          const from = action.from.columns.find((c) => c.name === s.from);
          const to = action.to.columns.find((c) => c.name === s.column);
          const conversion = from && to ? conversionName({ table, column: from.name, from: from.type, to: to.type }) : `CAST AS ${s.cast}`;
          return `${s.from} -> ${s.column} via ${conversion}`;
        });
      const fills = action.sources.filter((s) => s.fill).map((s) => `${s.column} filled with ${describeBackfill(s.fill!)}`);
      const notes = [...casts, ...fills];
      return `rebuild table ${action.to.name}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    }
  }
}

/** `varchar(255)`, or `text` where the dialect has no varchar (and `text[]` for an array of them). */
function describeStoredType(type: LogicalType, dialect: DescribedDialect): string {
  if (dialect.varchar !== false) return describeType(type);
  if (type.kind === 'varchar') return 'text';
  if (type.kind === 'array' && type.element.kind === 'varchar') return 'text[]';
  return describeType(type);
}

/** `varchar(255) not null default 'USD'`. */
function describeColumnOn(column: ColumnModel, dialect: DescribedDialect): string {
  const parts = [describeStoredType(column.type, dialect), column.nullable ? 'null' : 'not null'];
  if (column.default) parts.push(`default ${defaultText(column.default)}`);
  return parts.join(' ');
}

/** `'USD'`, `true`, `now()`: a default as a reader of SQL expects to see it. */
function defaultText(value: DefaultValue): string {
  return value.kind === 'sql' ? value.expression : JSON.stringify(value.value).replace(/^"|"$/g, "'");
}

/** `set not null, default 'x'`: what an in-place column change does. */
function describeColumnChangeOn(from: ColumnModel, to: ColumnModel, dialect: DescribedDialect): string {
  const changes: string[] = [];
  if (from.nullable !== to.nullable) changes.push(to.nullable ? 'drop not null' : 'set not null');
  if (JSON.stringify(from.default) !== JSON.stringify(to.default))
    changes.push(to.default ? `set default ${defaultText(to.default)}` : 'drop default');
  if (to.type.kind === 'enum' && changes.length === 0) changes.push(`values of enum ${to.type.name}`);
  return changes.join(', ') || describeColumnOn(to, dialect);
}
