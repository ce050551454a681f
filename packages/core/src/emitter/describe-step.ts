import { describeBackfill } from '../diff/backfill';
import { type ColumnModel, DEFAULT_SCHEMA, type DefaultValue, describeType, schemaOf, unqualifiedName } from '../model';
import type { PlanStep } from '../planner';

/** One line that says what a step does, for the file's summary and `generate`'s output. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'createSchema':
      return `create schema ${step.schema} (if it does not exist)`;
    case 'createEnum':
      return `create enum ${step.enum.name} (${step.enum.values.join(', ')})`;
    case 'dropEnum':
      return `drop enum ${step.enum.name}`;
    case 'createTable':
      return `create table ${step.table.name}`;
    case 'dropTable':
      return `drop table ${step.table.name}`;
    case 'renameTable': {
      const [fromSchema, toSchema] = [schemaOf(step.from), schemaOf(step.to)];
      if (fromSchema === toSchema) return `rename table ${step.from} to ${step.to}`;
      const moved = `move table ${step.from} to schema ${toSchema ?? DEFAULT_SCHEMA}`;
      return unqualifiedName(step.from) === unqualifiedName(step.to) ? moved : `${moved}, as ${unqualifiedName(step.to)}`;
    }
    case 'addColumn':
      return `add column ${step.table}.${step.column.name} ${describeColumn(step.column)}`;
    case 'dropColumn':
      return `drop column ${step.table}.${step.column.name}`;
    case 'renameColumn':
      return `rename column ${step.table}.${step.from} to ${step.to}`;
    case 'createIndex':
      return `create ${step.index.unique ? 'unique ' : ''}index ${step.concurrently ? 'concurrently ' : ''}${step.index.name} on ${step.table} (${step.index.columns.join(', ')})`;
    case 'dropIndex':
      return `drop index ${step.concurrently ? 'concurrently ' : ''}${step.index.name}`;
    case 'addEnumValue':
      return `add value '${step.value}' to enum ${step.enum.name}${step.before !== undefined ? ` before '${step.before}'` : step.after !== undefined ? ` after '${step.after}'` : ''}`;
    case 'addForeignKey':
      return `add foreign key ${step.foreignKey.name} on ${step.table}${step.notValid ? ' not valid (checked by the next step)' : ''}`;
    case 'validateForeignKey':
      return `validate foreign key ${step.foreignKey.name} on ${step.table}`;
    case 'dropForeignKey':
      return `drop foreign key ${step.foreignKey.name} on ${step.table}`;
    case 'dropPrimaryKey':
      return `drop primary key of ${step.table} (${step.columns.join(', ')})`;
    case 'addPrimaryKey':
      return `add primary key of ${step.table} (${step.columns.join(', ')})`;
    case 'replacePrimaryKey':
      return `replace primary key of ${step.table} (${step.from.join(', ')}) with (${step.to.join(', ')})`;
    case 'fillColumn':
      return `fill ${step.table}.${step.column.name} with ${describeBackfill(step.value)} ${step.onlyNulls ? 'where it is NULL' : 'in every row'}`;
    case 'alterColumn':
      return `alter column ${step.table}.${step.to.name}: ${describeColumnChange(step.from, step.to)}`;
    case 'convertColumn': {
      const what = `${step.table}.${step.to.name} from ${describeType(step.from.type)} to ${describeType(step.to.type)}`;
      if (step.stage === 'add') return `add column ${step.table}.${step.temporary} ${describeType(step.to.type)} null, for converting ${step.table}.${step.from.name}`;
      if (step.stage === 'fill') return `convert ${what}: fill ${step.temporary} with CAST(${step.from.name} AS ${step.cast})`;
      if (step.stage === 'swap') return `drop ${step.table}.${step.from.name}, rename ${step.temporary} to ${step.to.name}`;
      return `convert ${what} (add column, CAST AS ${step.cast}, drop, rename)`;
    }
    case 'recreateEnum':
      return `recreate enum ${step.to.name} (${step.to.values.join(', ')})${step.columns.length ? ` and move ${step.columns.map((c) => `${c.table}.${c.column.name}`).join(', ')} to it` : ''}`;
    case 'rebuildTable': {
      const casts = step.sources.filter((s) => s.cast).map((s) => `${s.from} -> ${s.column} via CAST AS ${s.cast}`);
      const fills = step.sources.filter((s) => s.fill).map((s) => `${s.column} filled with ${describeBackfill(s.fill!)}`);
      const notes = [...casts, ...fills];
      return `rebuild table ${step.to.name}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    }
  }
}

/** `varchar(255) not null default 'USD'`. */
function describeColumn(column: ColumnModel): string {
  const parts = [describeType(column.type), column.nullable ? 'null' : 'not null'];
  if (column.default) parts.push(`default ${defaultText(column.default)}`);
  return parts.join(' ');
}

/** `'USD'`, `true`, `now()`: a default as a reader of SQL expects to see it. */
function defaultText(value: DefaultValue): string {
  return value.kind === 'sql' ? value.expression : JSON.stringify(value.value).replace(/^"|"$/g, "'");
}

/** `set not null, default 'x'`: what an in-place column change does. */
function describeColumnChange(from: ColumnModel, to: ColumnModel): string {
  const changes: string[] = [];
  if (from.nullable !== to.nullable) changes.push(to.nullable ? 'drop not null' : 'set not null');
  if (JSON.stringify(from.default) !== JSON.stringify(to.default)) changes.push(to.default ? `set default ${defaultText(to.default)}` : 'drop default');
  if (to.type.kind === 'enum' && changes.length === 0) changes.push(`values of enum ${to.type.name}`);
  return changes.join(', ') || describeColumn(to);
}
