import * as ts from 'typescript';
import type { JsonProperty, JsonShape } from '../model';
import type { ReaderContext } from './reader-context';
import { classifyType } from './type-classification';

/** Deeper than this, a JSON value is `any`. */
const MAX_DEPTH = 8;

/**
 * The structure of a JSON property's type, through the type checker: nested objects with their properties
 * (optional ones may be absent, `| null` ones may be null), arrays and their elements, `Record<string, T>` and
 * index signatures as open records, scalars, string literal unions and string enums as enums. What has no
 * structure a validator could check (`unknown`, tuples, unions of unrelated types) is `any`, and so is a type
 * inside itself (a tree of comments: its replies are `any`).
 *
 * @example
 * // address: { street: string; zip?: string }
 * readJsonShape(context, addressType);
 * // { kind: 'object', properties: [{ name: 'street', optional: false, shape: { kind: 'scalar', type: 'string' } }, …] }
 */
export function readJsonShape(context: ReaderContext, type: ts.Type): JsonShape {
  return shapeOf(context, type, []);
}

function shapeOf(context: ReaderContext, type: ts.Type, outer: readonly ts.Type[]): JsonShape {
  const { checker } = context;
  const nullable = includesNull(type);
  const nonNull = type.flags & ts.TypeFlags.Unknown ? type : checker.getNonNullableType(type);
  const recursive = outer.length > MAX_DEPTH || outer.includes(nonNull);
  const shape = recursive ? { kind: 'any' as const } : nonNullShape(context, nonNull, [...outer, nonNull]);
  return nullable && shape.kind !== 'any' ? { ...shape, nullable: true } : shape;
}

function nonNullShape(context: ReaderContext, type: ts.Type, outer: readonly ts.Type[]): JsonShape {
  const { checker } = context;
  const typeClass = classifyType(context, type);
  switch (typeClass.kind) {
    case 'string':
      return { kind: 'scalar', type: 'string' };
    case 'number':
      return { kind: 'scalar', type: 'number' };
    case 'bigint':
      return { kind: 'scalar', type: 'bigint' };
    case 'boolean':
      return { kind: 'scalar', type: 'boolean' };
    case 'timestamp':
      return { kind: 'scalar', type: 'date' };
    case 'binary':
      return { kind: 'scalar', type: 'binary' };
    case 'stringLiterals':
      return { kind: 'enum', values: typeClass.members.map((member) => (member as ts.StringLiteralType).value) };
    case 'enum': {
      const values = typeClass.declaration.members.map((member) => checker.getConstantValue(member));
      if (values.every((value) => typeof value === 'string')) return { kind: 'enum', values: values as string[] };
      return values.every((value) => typeof value === 'number') ? { kind: 'scalar', type: 'number' } : { kind: 'any' };
    }
    case 'array':
    case 'json':
      return structuredShape(context, type, outer);
    case 'unsupported':
      return { kind: 'any' };
  }
}

/** An array, a tuple, an open record or an object with properties. */
function structuredShape(context: ReaderContext, type: ts.Type, outer: readonly ts.Type[]): JsonShape {
  const { checker } = context;
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return { kind: 'array', element: element ? shapeOf(context, element, outer) : { kind: 'any' } };
  }
  if (checker.isTupleType(type) || type.isUnion()) return { kind: 'any' };
  const properties = checker.getPropertiesOfType(type);
  const stringIndex = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
  if (properties.length === 0 && stringIndex) return { kind: 'record', value: shapeOf(context, stringIndex.type, outer) };
  if (properties.length === 0 && !stringIndex && type.flags & ts.TypeFlags.NonPrimitive) return { kind: 'any' };
  return { kind: 'object', properties: properties.map((property) => propertyShape(context, property, outer)) };
}

function propertyShape(context: ReaderContext, property: ts.Symbol, outer: readonly ts.Type[]): JsonProperty {
  const type = context.checker.getTypeOfSymbol(property);
  return {
    name: property.name,
    optional: (property.flags & ts.SymbolFlags.Optional) !== 0,
    shape: shapeOf(context, type, outer),
  };
}

function includesNull(type: ts.Type): boolean {
  return (
    (type.flags & ts.TypeFlags.Null) !== 0 || (type.isUnion() && type.types.some((member) => (member.flags & ts.TypeFlags.Null) !== 0))
  );
}
