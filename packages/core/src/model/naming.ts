import pluralize from 'pluralize';
import { unqualifiedName } from './qualified-name';

export type NamingStrategy = 'snake_case' | 'preserve';

/** `priceInCents` -> `price_in_cents`, `HTTPRequest` -> `http_request`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/** `User` -> `users`, `OrderItem` -> `order_items`, `Category` -> `categories`. */
export function tableNameFor(typeName: string, naming: NamingStrategy): string {
  if (naming === 'preserve') return typeName;
  const words = snakeCase(typeName).split('_');
  words[words.length - 1] = pluralize.plural(words[words.length - 1]!);
  return words.join('_');
}

export function columnNameFor(propertyName: string, naming: NamingStrategy): string {
  return naming === 'preserve' ? propertyName : snakeCase(propertyName);
}

/** Deterministic constraint names, so that two generations of the same schema agree. */
export function indexName(table: string, columns: readonly string[], unique: boolean): string {
  return `${table}_${columns.join('_')}_${unique ? 'key' : 'idx'}`;
}

export function foreignKeyName(table: string, columns: readonly string[]): string {
  return `${table}_${columns.join('_')}_fkey`;
}

/** `<table>_pkey`, the name PostgreSQL gives a table's primary key (and this tool, on every dialect). */
export function primaryKeyName(table: string): string {
  return `${unqualifiedName(table)}_pkey`;
}

/** `<table>_<column>`: the enum of a string-literal union written inline on a column (no type alias names it). */
export function inlineEnumName(table: string, column: string): string {
  return `${table}_${column}`;
}
