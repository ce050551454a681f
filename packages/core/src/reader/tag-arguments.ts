import type { NamingStrategy, ReferentialAction } from '../model';
import { tableNameFor } from '../model';
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

/** `@references User.id` -> { entity: 'User', property: 'id' }. */
export function parseReference(tag: GatiTag): { entity: string; property: string } {
  const match = /^([^.\s]+)\.([^.\s]+)$/.exec(tag.text);
  if (!match) {
    throw new EntityProblem(`@references needs the referenced entity and property, e.g. \`@references User.id\`; got '${tag.text}'.`, tag.node);
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
  return /^[a-z_]/.test(old) ? old : tableNameFor(old, naming);
}
