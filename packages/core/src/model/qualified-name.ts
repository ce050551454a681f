import type { SchemaModel } from './schema-model';
import { compareCodePoints } from './code-point-order';

/**
 * Names outside the database's default schema are qualified: `sales.orders` is the table `orders` in schema
 * `sales`, as Kysely writes it (`db.selectFrom('sales.orders')`, a `'sales.orders'` key of a DB interface). A
 * table, an enum, or a reference to either is named this way throughout the model; an index or a constraint
 * lives in its table's schema and keeps a plain name.
 */

/**
 * The default schema's name: PostgreSQL's `public`, the one dialect with schemas. A table named in it is named
 * without a schema (`public.orders` is `orders`).
 */
export const DEFAULT_SCHEMA = 'public';

/** `sales.orders` -> `sales`; `orders` -> undefined (the default schema). */
export function schemaOf(name: string): string | undefined {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : undefined;
}

/** `sales.orders` -> `orders`; `orders` -> `orders`. */
export function unqualifiedName(name: string): string {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(dot + 1) : name;
}

/** `('sales', 'orders')` -> `sales.orders`; `(undefined, 'orders')` -> `orders`. */
export function qualifiedName(schema: string | undefined, name: string): string {
  return schema === undefined ? name : `${schema}.${name}`;
}

/** `sales.orders` with `orders_pkey` -> `sales.orders_pkey`: an object that lives in a table's schema. */
export function inSchemaOf(table: string, name: string): string {
  return qualifiedName(schemaOf(table), name);
}

/** The schemas other than the default one that a model's tables and enums live in, sorted. */
export function schemasOf(model: SchemaModel): string[] {
  const names = [...model.tables.map((t) => t.name), ...model.enums.map((e) => e.name)];
  return [...new Set(names.flatMap((name) => schemaOf(name) ?? []))].sort(compareCodePoints);
}
