import type { Operation } from '../diff/change-set';
import { type ColumnModel, type EnumModel, type SchemaModel } from '../model';
import type { InPlaceContext } from './in-place-actions';
import type { Action } from './action';

/**
 * A named enum type (PostgreSQL) whose values change, as two parts that bracket the rest of the migration:
 *
 * - `widen`, first: the type takes every value of both sides (the values of `to` added in place with ALTER TYPE
 *   … ADD VALUE, each a action of its own outside the transaction so that the actions after it may use it; or, where
 *   the dialect cannot add values, the type recreated with them all);
 * - `narrow`, last: the type recreated with exactly the values of `to`, in its order, the columns that use it at
 *   that point moved over (none when the widened type already is `to`).
 *
 * In between, every value of either side is valid: a column added with a new value as its default, a column
 * converted from the enum to text, a dropped column that holds a removed value, all work, in the up and in the
 * down alike (the down brackets its own changes the same way). The down's widen undoes the up's narrow and the
 * down's narrow undoes the up's widen, which is how a migration made of actions pairs them.
 */
export interface EnumChangeActions {
  readonly widen: readonly Action[];
  readonly narrow: readonly Action[];
}

export function namedEnumChangeActions(op: Extract<Operation, { kind: 'alterEnum' }>, ctx: InPlaceContext): EnumChangeActions {
  const union: EnumModel = { name: op.to.name, values: mergedValues(op.from.values, op.to.values) };
  const inserted = ctx.adapter.capabilities.enumAddValue ? insertedValues(op.from.values, union.values) : undefined;
  const widen: Action[] =
    union.values.length === op.from.values.length
      ? []
      : inserted
        ? inserted.map((value): Action => ({ kind: 'addEnumValue', enum: union, ...value }))
        : [{ kind: 'recreateEnum', from: op.from, to: union, columns: columnsUsingEnum(ctx.before, op.from.name) }];
  const narrow: Action[] = sameValues(union.values, op.to.values)
    ? []
    : [{ kind: 'recreateEnum', from: union, to: op.to, columns: columnsUsingEnum(ctx.after, op.to.name) }];
  return { widen, narrow };
}

/**
 * `from` with the values of `to` it lacks inserted where `to` has them: each before the next value of `to` that
 * `from` has, or else after the value that precedes it in `to`. Both sides' values, `from`'s in their order.
 *
 * @example
 * mergedValues(['draft', 'live', 'archived'], ['draft', 'published', 'archived']); // ['draft', 'live', 'published', 'archived']
 */
export function mergedValues(from: readonly string[], to: readonly string[]): string[] {
  const union = [...from];
  to.forEach((value, i) => {
    if (union.includes(value)) return;
    const next = to.slice(i + 1).find((v) => from.includes(v));
    if (next !== undefined) union.splice(union.indexOf(next), 0, value);
    else union.splice(i === 0 ? union.length : union.indexOf(to[i - 1]!) + 1, 0, value);
  });
  return union;
}

/**
 * When `to` is `from` with values inserted (every old value kept, in the same order), each new value with the
 * old one it goes before (or, at the end, after): what ALTER TYPE … ADD VALUE can do. Otherwise undefined.
 */
function insertedValues(from: readonly string[], to: readonly string[]): { value: string; before?: string; after?: string }[] | undefined {
  const kept = to.filter((v) => from.includes(v));
  if (kept.length !== from.length || kept.some((v, i) => v !== from[i])) return undefined;
  // Added in order: each new value goes before the next old value, or after the value before it at the end.
  return to.flatMap((value, i) => {
    if (from.includes(value)) return [];
    const nextOld = to.slice(i + 1).find((v) => from.includes(v));
    return [nextOld !== undefined ? { value, before: nextOld } : { value, after: to[i - 1]! }];
  });
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The columns of `schema` whose type is the enum `enumName`, by table. */
export function columnsUsingEnum(schema: SchemaModel, enumName: string): { table: string; column: ColumnModel }[] {
  return schema.tables.flatMap((t) =>
    t.columns.filter((c) => c.type.kind === 'enum' && c.type.name === enumName).map((column) => ({ table: t.name, column })),
  );
}
