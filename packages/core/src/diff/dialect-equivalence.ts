import type { Adapter } from '../adapter';
import { type ColumnModel, type DefaultValue, type EnumModel, type LogicalType, type SchemaModel, deepFreeze } from '../model';
import type { ChangeSet, RenameResolver } from './change-set';
import type { TypeEquals } from './definition-equality';
import { diffSchemas } from './diff-schemas';

/** What the comparison reads from an adapter: how it spells types and literals, and how it stores enums. */
export type DialectView = Pick<Adapter, 'types' | 'capabilities'>;

/** The enums that the enum types on each side of a comparison name (`prev` for the first argument). */
export interface EnumLists {
  readonly prev: readonly EnumModel[];
  readonly next: readonly EnumModel[];
}

/**
 * Type equality as one database sees it: two logical types are the same when the adapter spells them the same
 * (`varchar(255)`, `uuid`, `timestamp` and `json` are all `text` on SQLite; `boolean` and `bigint` are
 * `integer`). Where the dialect keeps an enum on its column (an inline `ENUM(…)` or a `CHECK (… IN …)`, so
 * introspection can only name it after the column), an enum type equals another enum type with the same values
 * in the same order, whatever the names; on a dialect with named enum types, the name is the type.
 *
 * Meant for `diffSchemas`' `typeEquals` when one side was read back from a database (convergence, drift).
 *
 * @example
 * const equals = dialectTypeEquals(sqliteAdapter, { prev: live.enums, next: model.enums });
 * equals({ kind: 'varchar', length: 255 }, { kind: 'text' }); // true on SQLite
 * equals({ kind: 'enum', name: 'posts_status' }, { kind: 'enum', name: 'post_status' }); // true when the values match
 */
export function dialectTypeEquals(adapter: DialectView, enums: EnumLists = { prev: [], next: [] }): TypeEquals {
  const enumsOnColumn = adapter.capabilities.enums !== 'named-type';
  return (a: LogicalType, b: LogicalType): boolean => {
    if (adapter.types.columnType(a, enums.prev) !== adapter.types.columnType(b, enums.next)) return false;
    if (!enumsOnColumn || (a.kind !== 'enum' && b.kind !== 'enum')) return true;
    if (a.kind !== 'enum' || b.kind !== 'enum') return false;
    const left = enums.prev.find((e) => e.name === a.name);
    const right = enums.next.find((e) => e.name === b.name);
    if (!left || !right) return a.name === b.name;
    return left.values.length === right.values.length && left.values.every((value, i) => value === right.values[i]);
  };
}

/**
 * A column's default as the database writes it, for comparison: a literal through `adapter.types.literal`
 * (`false` and `0` are both `0` on SQLite), an expression without surrounding whitespace or enclosing
 * parentheses (`(datetime('now'))` and `datetime('now')` are the same default). Undefined when there is none.
 *
 * @example
 * dialectDefaultText(sqliteAdapter, { name: 'active', type: { kind: 'boolean' }, nullable: false,
 *   default: { kind: 'literal', value: true } }); // '1'
 */
export function dialectDefaultText(adapter: DialectView, column: ColumnModel): string | undefined {
  const value = column.default;
  if (value === undefined) return undefined;
  if (value.kind === 'literal') return adapter.types.literal(value.value, column.type);
  const spelled = adapter.types.defaultExpression?.(value.expression, column.type) ?? value.expression;
  return stripEnclosingParentheses(spelled.trim());
}

/**
 * The schema with each default replaced by its {@link dialectDefaultText} (as a SQL default), and, where the
 * dialect keeps enums on their columns, without the list of enums (their values are compared per column by
 * {@link dialectTypeEquals}). Column types are left as they are.
 */
export function dialectNormalizedSchema(schema: SchemaModel, adapter: DialectView): SchemaModel {
  const tables = schema.tables.map((table) => ({
    ...table,
    columns: table.columns.map((column) => {
      const text = dialectDefaultText(adapter, column);
      const { default: _default, ...rest } = column;
      const normalized: DefaultValue | undefined = text === undefined ? undefined : { kind: 'sql', expression: text };
      return normalized ? { ...rest, default: normalized } : rest;
    }),
    foreignKeys: adapter.capabilities.restrictIsNoAction
      ? table.foreignKeys.map(({ onDelete, ...fk }) => (onDelete === 'restrict' || onDelete === 'no action' ? fk : { ...fk, onDelete }))
      : table.foreignKeys,
  }));
  return deepFreeze({ tables, enums: adapter.capabilities.enums === 'named-type' ? [...schema.enums] : [] });
}

/**
 * The operations that separate two schemas *as one database stores them*: `diffSchemas` with
 * {@link dialectTypeEquals}, defaults compared through {@link dialectDefaultText}, and per-column enums compared
 * by value. Empty means a database holding `prev` already is `next`, e.g. a model introspected right after a
 * migration and the entity model that migration was generated from (convergence), or a live database and the
 * last snapshot (drift). Likely renames are not guessed unless `options.renames` says so.
 *
 * @example
 * const live = await sqliteAdapter.introspect(db, { excludeTables: ['gati_migrations', 'gati_migrations_lock'] });
 * const drift = await diffAsStored(live, snapshot.schema, sqliteAdapter);
 * drift.operations; // [] when the database matches
 */
export async function diffAsStored(
  prev: SchemaModel,
  next: SchemaModel,
  adapter: DialectView,
  options: { readonly renames?: RenameResolver } = {},
): Promise<ChangeSet> {
  return diffSchemas(dialectNormalizedSchema(prev, adapter), dialectNormalizedSchema(next, adapter), {
    renames: options.renames ?? { decide: () => false },
    typeEquals: dialectTypeEquals(adapter, { prev: prev.enums, next: next.enums }),
  });
}

/** `(x)` -> `x`, `((x))` -> `x`; `(a) + (b)` stays, its first parenthesis closes early. */
function stripEnclosingParentheses(text: string): string {
  let current = text;
  while (current.startsWith('(') && current.endsWith(')') && closingOfFirst(current) === current.length - 1) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

/** Where the parenthesis opened at 0 closes, skipping quoted strings; -1 when it never does. */
function closingOfFirst(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
