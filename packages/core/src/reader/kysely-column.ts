import type { ColumnModel, LogicalType, LogicalTypeKind } from '../model';
import type { EnumRegistry } from './enum-registry';
import type { PropertyShape } from './entity-shape';
import { KYSELY_ALIASES } from './kysely-aliases';
import { TYPE_TAGS, resolvePropertyType } from './property-type';
import type { ReaderContext } from './reader-context';
import { nodeLocation } from './source-location';

/** Column types whose `Generated<…>` primary key is an identity / autoincrement column. */
const IDENTITY_KINDS: ReadonlySet<LogicalTypeKind> = new Set<LogicalTypeKind>(['int', 'bigint']);

/** What the database fills a `Generated<Date>` in with when the file does not say: the one portable guess. */
const TIMESTAMP_DEFAULT = { kind: 'sql', expression: 'CURRENT_TIMESTAMP' } as const;

/**
 * The column type of a Kysely row type's property: a kysely-codegen alias (`Int8` is `bigint`,
 * `Numeric` is `numeric`, `Json` is JSON, `Timestamp` a timestamp), else the selected type `S` of
 * `ColumnType<S, I, U>` read as an entity property's type is (tags, string literal unions as enums). An enum is
 * named after its alias in snake_case whatever the `naming` setting (kysely-codegen writes PostgreSQL's
 * `order_status` as `OrderStatus`), or `<table>_<column>` when written inline.
 */
export function kyselyColumnType(
  context: ReaderContext,
  enums: EnumRegistry,
  entity: { readonly typeName: string; readonly tableName: string },
  property: PropertyShape,
): LogicalType {
  const reading = property.kysely!;
  const aliasType = reading.alias !== undefined ? KYSELY_ALIASES.get(reading.alias)?.columnType : undefined;
  if (aliasType && !hasTypeTag(property)) return aliasType;
  const selected: PropertyShape = { ...property, type: reading.selectType, typeNode: reading.selectNode };
  return resolvePropertyType({ ...context, naming: 'snake_case' }, enums, entity, selected);
}

/**
 * A Kysely column with what the interface leaves to the database filled in by guess, and marked as a guess
 * (`unspecified`) so that `generate` can prefer the last snapshot's. `Generated<T>` without `@default` or
 * `@generated` is an identity column when it is the table's only key column and an integer; a
 * `CURRENT_TIMESTAMP` default when a NOT NULL timestamp; otherwise a default the file does not say (none yet:
 * `generate` takes the snapshot's, or asks for `@default`; a nullable column the snapshot has without one keeps
 * none, which is what kysely-codegen's MySQL output means by `Generated<T | null>`).
 */
export function completeKyselyColumn(context: ReaderContext, property: PropertyShape, column: ColumnModel, soleKey: boolean): ColumnModel {
  const reading = property.kysely!;
  const guessed = reading.hasDefault && column.default === undefined && !column.generated;
  const unspecified = { type: !hasTypeTag(property), default: guessed, at: nodeLocation(property.node, context.cwd) };
  if (!guessed) return { ...column, unspecified };
  if (soleKey && IDENTITY_KINDS.has(column.type.kind)) return { ...column, generated: true, unspecified };
  if (column.type.kind === 'timestamp' && !column.nullable) return { ...column, default: TIMESTAMP_DEFAULT, unspecified };
  return { ...column, unspecified };
}

/** A tag says what the column's type is (`@dbType`, `@maxLength`, …): the type is no guess. */
function hasTypeTag(property: PropertyShape): boolean {
  return property.tags.has('dbType') || TYPE_TAGS.some((name) => property.tags.has(name));
}
