import * as ts from 'typescript';
import type { LogicalType } from '../model';
import {
  int8Shape,
  jsonArrayShape,
  jsonObjectShape,
  jsonPrimitiveShape,
  jsonShape,
  jsonValueShape,
  numericShape,
  timestampShape,
  type KyselyAliasShape,
} from './kysely-alias-shapes';
import type { ReaderContext } from './reader-context';

/** One of kysely-codegen's aliases: the column type it stands for, and the shape that tells it apart. */
export interface KyselyAlias {
  readonly columnType: LogicalType;
  readonly shape: KyselyAliasShape;
}

/**
 * The aliases kysely-codegen declares in the files it writes, by name, with the column type each stands for
 * and the shape of what kysely-codegen declares under that name. They are recognised wherever they are
 * declared (kysely-codegen writes them into the file itself) when the alias resolves to that shape, so that
 * an application's own `type Timestamp = number` is a number. `Int8` and `Numeric` select a `string` and the
 * JSON aliases include `null`, so their TypeScript types alone would say `varchar(255)` or a nullable column:
 * the alias says more.
 *
 * `Numeric` and `Decimal` carry no precision: they are the database's own `numeric` (unconstrained on
 * PostgreSQL, `decimal(10,0)` on MySQL) unless `@decimal P S` says more.
 */
export const KYSELY_ALIASES: ReadonlyMap<string, KyselyAlias> = new Map<string, KyselyAlias>([
  ['Timestamp', { columnType: { kind: 'timestamp' }, shape: timestampShape }],
  ['Int8', { columnType: { kind: 'bigint' }, shape: int8Shape }],
  ['Numeric', { columnType: { kind: 'custom', raw: 'numeric' }, shape: numericShape }],
  ['Decimal', { columnType: { kind: 'custom', raw: 'numeric' }, shape: numericShape }],
  ['Json', { columnType: { kind: 'json' }, shape: jsonShape }],
  ['JsonValue', { columnType: { kind: 'json' }, shape: jsonValueShape }],
  ['JsonArray', { columnType: { kind: 'json' }, shape: jsonArrayShape }],
  ['JsonObject', { columnType: { kind: 'json' }, shape: jsonObjectShape }],
  ['JsonPrimitive', { columnType: { kind: 'json' }, shape: jsonPrimitiveShape }],
]);

/**
 * The name of the kysely-codegen alias that the type alias `symbol` is: a non-generic alias with one of the
 * names above that resolves to that alias's shape. Undefined for anything else.
 */
export function kyselyAliasName(context: ReaderContext, symbol: ts.Symbol): string | undefined {
  const alias = KYSELY_ALIASES.get(symbol.name);
  if (!alias || !(symbol.flags & ts.SymbolFlags.TypeAlias)) return undefined;
  const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration);
  if (!declaration || declaration.typeParameters) return undefined;
  return alias.shape(context, context.checker.getDeclaredTypeOfSymbol(symbol)) ? symbol.name : undefined;
}
