import type { LogicalType } from '../model';

/**
 * The aliases kysely-codegen declares in the files it writes, by name, and the column type each stands for.
 * They are recognised wherever they are declared (kysely-codegen writes them into the file itself), like the
 * branded types. `Int8` and `Numeric` select a `string` and the JSON aliases include `null`, so their
 * TypeScript types alone would say `varchar(255)` or a nullable column: the name says more.
 *
 * `Numeric` and `Decimal` carry no precision: they are the database's own `numeric` (unconstrained on
 * PostgreSQL, `decimal(10,0)` on MySQL) unless `@decimal P S` says more.
 */
export const KYSELY_ALIASES: ReadonlyMap<string, LogicalType> = new Map<string, LogicalType>([
  ['Timestamp', { kind: 'timestamp' }],
  ['Int8', { kind: 'bigint' }],
  ['Numeric', { kind: 'custom', raw: 'numeric' }],
  ['Decimal', { kind: 'custom', raw: 'numeric' }],
  ['Json', { kind: 'json' }],
  ['JsonValue', { kind: 'json' }],
  ['JsonArray', { kind: 'json' }],
  ['JsonObject', { kind: 'json' }],
  ['JsonPrimitive', { kind: 'json' }],
]);
