import * as ts from 'typescript';
import { columnTypeParts } from './column-type-parts';
import type { ReaderContext } from './reader-context';
import { classifyType } from './type-classification';

/**
 * Whether the type an alias resolves to has the shape kysely-codegen declares under the alias's name, so that
 * an application's own alias of that name (`type Timestamp = number`) is not taken for kysely-codegen's.
 */
export type KyselyAliasShape = (context: ReaderContext, type: ts.Type) => boolean;

const JSON_PRIMITIVE = ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Null;

/** `ColumnType<Date, Date | string, Date | string>`: selects a `Date`, takes a string too. */
export const timestampShape: KyselyAliasShape = (context, type) => {
  const parts = columnTypeParts(context.checker, type);
  return parts !== undefined && classifyType(context, parts.select).kind === 'timestamp' && takes(context, parts.insert, 'string');
};

/** `ColumnType<string, bigint | number | string, bigint | number | string>`: selects a string or number, takes a bigint. */
export const int8Shape: KyselyAliasShape = (context, type) => {
  const parts = columnTypeParts(context.checker, type);
  return (
    parts !== undefined &&
    onlyOf(parts.select, ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike) &&
    takes(context, parts.insert, 'bigint', 'number', 'string')
  );
};

/**
 * `ColumnType<string, number | string, number | string>` (PostgreSQL's `Numeric`, MySQL's `Decimal`), or with
 * `number` or `number | string` selected (kysely-codegen's `--numeric-parser`): takes a number and a string.
 */
export const numericShape: KyselyAliasShape = (context, type) => {
  const parts = columnTypeParts(context.checker, type);
  return (
    parts !== undefined &&
    onlyOf(parts.select, ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike) &&
    takes(context, parts.insert, 'number', 'string')
  );
};

/** `JsonValue` (PostgreSQL's `Json`) or `ColumnType<JsonValue, string, string>` (MySQL's). */
export const jsonShape: KyselyAliasShape = (context, type) => {
  const parts = columnTypeParts(context.checker, type);
  return jsonValueShape(context, parts ? parts.select : type);
};

/** `JsonArray | JsonObject | JsonPrimitive`: `boolean | number | string | null` and object types, nothing else. */
export const jsonValueShape: KyselyAliasShape = (context, type) =>
  hasJsonPrimitives(type) &&
  type.isUnion() &&
  type.types.every((member) => member.flags & JSON_PRIMITIVE || (member.flags & ts.TypeFlags.Object && isPlainObject(member)));

/** `boolean | number | string | null`. */
export const jsonPrimitiveShape: KyselyAliasShape = (_context, type) =>
  hasJsonPrimitives(type) && type.isUnion() && type.types.every((member) => member.flags & JSON_PRIMITIVE);

/** `JsonValue[]`. */
export const jsonArrayShape: KyselyAliasShape = (context, type) => {
  if (!context.checker.isArrayType(type)) return false;
  const [element] = context.checker.getTypeArguments(type as ts.TypeReference);
  return element !== undefined && jsonValueShape(context, element);
};

/** `{ [x: string]: JsonValue | undefined }`. */
export const jsonObjectShape: KyselyAliasShape = (context, type) => {
  const { checker } = context;
  const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
  return index !== undefined && jsonValueShape(context, checker.getNonNullableType(index.type));
};

/** Every member of `type` (or `type` itself) has one of `flags`. */
function onlyOf(type: ts.Type, flags: ts.TypeFlags): boolean {
  return (type.isUnion() ? type.types : [type]).every((member) => (member.flags & flags) !== 0);
}

/** The insert type `insert` accepts values of each of the primitive types named. */
function takes(context: ReaderContext, insert: ts.Type, ...primitives: ('string' | 'number' | 'bigint')[]): boolean {
  const { checker } = context;
  if (insert.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const types = { string: checker.getStringType(), number: checker.getNumberType(), bigint: checker.getBigIntType() };
  return primitives.every((primitive) => checker.isTypeAssignableTo(types[primitive], insert));
}

/** A union with `string`, `number`, `true`, `false` and `null` among its members. */
function hasJsonPrimitives(type: ts.Type): boolean {
  if (!type.isUnion()) return false;
  const has = (flags: ts.TypeFlags): number => type.types.filter((member) => member.flags & flags).length;
  return (
    has(ts.TypeFlags.String) === 1 &&
    has(ts.TypeFlags.Number) === 1 &&
    has(ts.TypeFlags.BooleanLiteral) === 2 &&
    has(ts.TypeFlags.Null) === 1
  );
}

/** An array or an object of properties, not a function. */
function isPlainObject(type: ts.Type): boolean {
  return type.getCallSignatures().length === 0 && type.getConstructSignatures().length === 0;
}
