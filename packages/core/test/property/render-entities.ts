import { type ColumnSpec, type SchemaSpec, type TableSpec, entityName, tableById } from './schema-spec';

/** An entity file for a schema, written as a user writes one (JSDoc tags, `| null`, inline unions). */
export function renderEntities(schema: SchemaSpec): string {
  return schema.tables.map((table) => renderTable(schema, table)).join('\n');
}

function renderTable(schema: SchemaSpec, table: TableSpec): string {
  const tags = [`@table ${table.name}`, ...(table.renamedFrom ? [`@renamedFrom ${table.renamedFrom}`] : [])];
  const lines = [jsdoc(tags, ''), `export interface ${entityName(table.name)} {`, `  id: ${table.idKind === 'int' ? 'number' : 'string'};`];
  for (const column of table.columns) {
    const doc = jsdoc(columnTags(schema, column), '  ');
    if (doc) lines.push(doc);
    lines.push(`  ${column.name}: ${typeOf(schema, column)}${column.nullable ? ' | null' : ''};`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

function columnTags(schema: SchemaSpec, column: ColumnSpec): string[] {
  const tags: string[] = [];
  if (column.renamedFrom) tags.push(`@renamedFrom ${column.renamedFrom}`);
  if (column.index) tags.push(`@${column.index}`);
  if (column.default !== undefined) tags.push(`@default ${literal(column.default)}`);
  if (column.references) {
    tags.push(`@references ${entityName(tableById(schema, column.references)!.name)}.id`);
    tags.push('@onDelete set null');
  }
  return tags;
}

function typeOf(schema: SchemaSpec, column: ColumnSpec): string {
  if (column.references) return tableById(schema, column.references)!.idKind === 'int' ? 'number' : 'string';
  switch (column.kind) {
    case 'string':
      return 'string';
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'Date';
    case 'enum':
      return column.values!.map((value) => `'${value}'`).join(' | ');
  }
}

/** A `@default` value as SQL: a quoted string (quotes doubled), a number, true / false. */
function literal(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
}

function jsdoc(tags: readonly string[], indent: string): string {
  if (tags.length === 0) return '';
  if (tags.length === 1) return `${indent}/** ${tags[0]} */`;
  return [`${indent}/**`, ...tags.map((tag) => `${indent} * ${tag}`), `${indent} */`].join('\n');
}
