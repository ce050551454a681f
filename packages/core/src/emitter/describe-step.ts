import { type ColumnModel, describeType } from '../model';
import type { PlanStep } from '../planner';

/** One line that says what a step does, for the file's summary and `generate`'s output. */
export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'createEnum':
      return `create enum ${step.enum.name} (${step.enum.values.join(', ')})`;
    case 'dropEnum':
      return `drop enum ${step.enum.name}`;
    case 'createTable':
      return `create table ${step.table.name}`;
    case 'dropTable':
      return `drop table ${step.table.name}`;
    case 'renameTable':
      return `rename table ${step.from} to ${step.to}`;
    case 'addColumn':
      return `add column ${step.table}.${step.column.name} ${describeColumn(step.column)}`;
    case 'dropColumn':
      return `drop column ${step.table}.${step.column.name}`;
    case 'renameColumn':
      return `rename column ${step.table}.${step.from} to ${step.to}`;
    case 'createIndex':
      return `create ${step.index.unique ? 'unique ' : ''}index ${step.index.name} on ${step.table} (${step.index.columns.join(', ')})`;
    case 'dropIndex':
      return `drop index ${step.index.name}`;
    case 'addForeignKey':
      return `add foreign key ${step.foreignKey.name} on ${step.table}`;
    case 'dropForeignKey':
      return `drop foreign key ${step.foreignKey.name} on ${step.table}`;
    case 'rebuildTable': {
      const casts = step.sources.filter((s) => s.cast).map((s) => `${s.from} -> ${s.column} via CAST AS ${s.cast}`);
      return `rebuild table ${step.to.name}${casts.length ? ` (${casts.join('; ')})` : ''}`;
    }
  }
}

/** `varchar(255) not null default 'USD'`. */
function describeColumn(column: ColumnModel): string {
  const parts = [describeType(column.type), column.nullable ? 'null' : 'not null'];
  if (column.default) {
    const value = column.default.kind === 'sql' ? column.default.expression : JSON.stringify(column.default.value).replace(/^"|"$/g, "'");
    parts.push(`default ${value}`);
  }
  return parts.join(' ');
}
