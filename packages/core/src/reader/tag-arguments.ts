import type { NamingStrategy, ReferentialAction } from '../model';
import { DEFAULT_SCHEMA, qualifiedName, schemaOf, tableNameFor, unqualifiedName } from '../model';
import type { GatiTag } from './jsdoc-tags';
import { EntityProblem } from './entity-problems';

/** `@maxLength 80` -> 80. */
export function parseMaxLength(tag: GatiTag): number {
  const length = /^\d+$/.test(tag.text) ? Number(tag.text) : NaN;
  if (!(length >= 1 && Number.isSafeInteger(length))) {
    throw new EntityProblem(`@maxLength needs a positive whole number of characters, e.g. \`@maxLength 80\`; got '${tag.text}'.`, tag.node);
  }
  return length;
}

/** `@decimal 10 2`, `@decimal 10, 2`, `@decimal (10,2)` -> precision 10, scale 2; `@decimal 10` -> scale 0. */
export function parseDecimal(tag: GatiTag): { precision: number; scale: number } {
  const match = /^\(?\s*(\d+)\s*(?:[,\s]\s*(\d+))?\s*\)?$/.exec(tag.text);
  const precision = match ? Number(match[1]) : NaN;
  const scale = match?.[2] === undefined ? 0 : Number(match[2]);
  if (!match || precision < 1 || precision > 1000 || scale > precision) {
    throw new EntityProblem(
      `@decimal needs a precision and a scale (digits in all, digits after the point), e.g. \`@decimal 10 2\`; got '${tag.text}'.`,
      tag.node,
    );
  }
  return { precision, scale };
}

const ACTIONS: readonly ReferentialAction[] = ['cascade', 'set null', 'restrict', 'no action'];

/** `@onDelete cascade`, `SET NULL`, `setNull`, `set_null` -> the referential action. */
export function parseOnDelete(tag: GatiTag): ReferentialAction {
  const action = tag.text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[\s_-]+/g, ' ')
    .toLowerCase() as ReferentialAction;
  if (!ACTIONS.includes(action)) {
    throw new EntityProblem(`@onDelete must be one of ${ACTIONS.join(', ')}; got '${tag.text}'.`, tag.node);
  }
  return action;
}

/** `@references User.id` -> { entity: 'User', property: 'id' }; `sales.customers.id` names a schema's table. */
export function parseReference(tag: GatiTag): { entity: string; property: string } {
  const match = /^([^.\s]+(?:\.[^.\s]+)?)\.([^.\s]+)$/.exec(tag.text);
  if (!match) {
    throw new EntityProblem(
      `@references needs the referenced entity and property, e.g. \`@references User.id\`; got '${tag.text}'.`,
      tag.node,
    );
  }
  return { entity: match[1]!, property: match[2]! };
}

/** `@index sku, name` or `@unique tenantId email` -> the property names, in order. */
export function parseNameList(tag: GatiTag, usage: string): string[] {
  const names = tag.text.split(/[\s,]+/).filter((name) => name !== '');
  if (names.length === 0) throw new EntityProblem(`@${tag.name} on a type needs the property names: ${usage}.`, tag.node);
  return names;
}

/**
 * `@renamedFrom` on a type: a type name (`Product`) becomes its table name (`products`); a name that already
 * looks like a table name (it starts with a lower-case letter or `_`: `products`, `legacy_items`) is kept.
 */
export function previousTableName(old: string, naming: NamingStrategy): string {
  const schema = schemaOf(old);
  const name = unqualifiedName(old);
  return qualifiedName(schema, /^[a-z_]/.test(name) ? name : tableNameFor(name, naming));
}

/**
 * A name every database takes, quoted where it must be (`movies-info`, `Order Items`, `é`): not empty, no NUL
 * character, no space at either end (MySQL refuses a trailing one). A `.` separates a schema from its table.
 */
const IDENTIFIER = /^[^\s\0](?:[^\0]*[^\s\0])?$/;

/**
 * A table's name with its schema: `@schema sales` and a table name `orders`, or `@table sales.orders`, give
 * `sales.orders`; the default schema (`public`) is left out. `where` names the declaration for messages.
 */
export function schemaQualifiedTable(table: string, schemaTag: GatiTag | undefined, where: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || parts.some((part) => !IDENTIFIER.test(part))) {
    throw new EntityProblem(
      `${where}: '${table}' is not a table name; write \`name\` or \`schema.name\` (each not empty, with no NUL character and no space at either end).`,
    );
  }
  const written = parts.length === 2 ? parts[0] : undefined;
  if (schemaTag && written !== undefined && written !== schemaTag.text) {
    throw new EntityProblem(
      `${where}: @schema ${schemaTag.text} and the table name '${table}' name different schemas; keep one.`,
      schemaTag.node,
    );
  }
  const schema = schemaTag?.text ?? written;
  if (schemaTag && !IDENTIFIER.test(schemaTag.text)) {
    throw new EntityProblem(`${where}: @schema needs a schema name, e.g. \`@schema sales\`; got '${schemaTag.text}'.`, schemaTag.node);
  }
  const name = parts[parts.length - 1]!;
  return schema === undefined || schema === DEFAULT_SCHEMA ? name : qualifiedName(schema, name);
}
