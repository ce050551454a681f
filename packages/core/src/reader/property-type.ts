import * as ts from 'typescript';
import type { ArrayElementType, LogicalType } from '../model';
import { inlineEnumName, snakeCase } from '../model';
import { detectBrand, type Brand } from './brand-types';
import type { EnumRegistry } from './enum-registry';
import { stringLiteralValues } from './enum-values';
import { EntityProblem } from './entity-problems';
import type { GatiTag, GatiTagName } from './jsdoc-tags';
import type { PropertyShape } from './entity-shape';
import { parseDecimal, parseMaxLength } from './tag-arguments';
import { type ScalarClass, type TypeClass, classifyType } from './type-classification';
import { unwrapNullableTypeNode } from './type-nodes';
import { readJsonShape } from './json-shape';
import type { ReaderContext } from './reader-context';

/** Tags that choose the column type; at most one of them per property. */
export const TYPE_TAGS: readonly GatiTagName[] = ['text', 'maxLength', 'uuid', 'float', 'decimal'];

const SUPPORTED_HINT =
  'Use a supported type (string, number, bigint, boolean, Date, Buffer or Uint8Array, a string literal union, an enum, ' +
  'an array, an object for JSON), or give the column type with `@dbType <type>`.';

/**
 * The column type of a property: `@dbType` if written, else the TypeScript type refined by the type tags
 * (`@text`, `@maxLength`, `@uuid`, `@float`, `@decimal`) and by branded types. String literal unions and string
 * enums register their `EnumModel` in `enums`. Throws an `EntityProblem` for a type with no column type.
 */
export function resolvePropertyType(
  context: ReaderContext,
  enums: EnumRegistry,
  entity: { readonly typeName: string; readonly tableName: string },
  property: PropertyShape,
): LogicalType {
  const { checker } = context;
  const rawType = property.tags.value('dbType', 'the column type as the database spells it, e.g. `@dbType citext`');
  if (rawType !== undefined) return { kind: 'custom', raw: rawType };

  // `unknown` without null and undefined is `{}`, an object type: reject it before stripping them.
  const type = property.type.flags & ts.TypeFlags.Unknown ? property.type : checker.getNonNullableType(property.type);
  const brand = detectBrand(checker, type, property.typeNode);
  const typeClass = classifyType(context, type, brand);
  const label = `${entity.typeName}.${property.name}`;
  const typeText = checker.typeToString(type.flags & ts.TypeFlags.Never ? property.type : type);

  const typeTags = TYPE_TAGS.flatMap((name) => property.tags.get(name) ?? []);
  if (typeTags.length > 1) {
    throw new EntityProblem(`${label} has ${typeTags.map((tag) => `@${tag.name}`).join(' and ')}; keep one of them.`, typeTags[1]!.node);
  }
  const typeTag = typeTags[0];
  if (typeTag) return typeFromTag(typeTag, typeClass, label, typeText);

  switch (typeClass.kind) {
    case 'string':
      return stringType(typeClass.brand);
    case 'number':
      return { kind: 'int' };
    case 'json':
      return context.documents ? { kind: 'json', shape: readJsonShape(context, type) } : { kind: 'json' };
    case 'bigint':
    case 'boolean':
    case 'timestamp':
    case 'binary':
      return { kind: typeClass.kind };
    case 'array':
      return { kind: 'array', element: arrayElementType(typeClass.element) };
    case 'stringLiterals':
      return { kind: 'enum', name: registerUnion(context, enums, entity.tableName, property, type, typeClass.members, label) };
    case 'enum':
      return enumType(context, enums, typeClass.declaration, label);
    case 'unsupported': {
      const reason = typeClass.reason ? ` (${typeClass.reason})` : '';
      throw new EntityProblem(`${label} has type '${typeText}'${reason}, which cannot be stored in a column.`, undefined, SUPPORTED_HINT);
    }
  }
}

/**
 * The element of an array of scalars: as a property of that type would be, except that a plain string is `text`
 * (PostgreSQL's `text[]`, as Prisma makes a `String[]`).
 */
function arrayElementType(element: ScalarClass): ArrayElementType {
  switch (element.kind) {
    case 'string':
      return element.brand ? (stringType(element.brand) as ArrayElementType) : { kind: 'text' };
    case 'number':
      return { kind: 'int' };
    default:
      return { kind: element.kind };
  }
}

function stringType(brand: Brand | undefined): LogicalType {
  switch (brand?.kind) {
    case 'uuid':
      return { kind: 'uuid' };
    case 'maxLength':
      return { kind: 'varchar', length: brand.length };
    default:
      return { kind: 'varchar', length: 255 };
  }
}

function typeFromTag(tag: GatiTag, typeClass: TypeClass, label: string, typeText: string): LogicalType {
  const requires = (kinds: readonly TypeClass['kind'][], what: string): void => {
    if (!kinds.includes(typeClass.kind)) {
      throw new EntityProblem(`@${tag.name} applies to ${what} properties, but ${label} is '${typeText}'.`, tag.node);
    }
  };
  switch (tag.name) {
    case 'text':
      requires(['string'], 'string');
      return { kind: 'text' };
    case 'maxLength':
      requires(['string'], 'string');
      return { kind: 'varchar', length: parseMaxLength(tag) };
    case 'uuid':
      requires(['string'], 'string');
      return { kind: 'uuid' };
    case 'float':
      requires(['number'], 'number');
      return { kind: 'float' };
    default:
      requires(['number', 'string', 'bigint'], 'number, string or bigint');
      return { kind: 'decimal', ...parseDecimal(tag) };
  }
}

/**
 * A string literal union is the enum named after its type alias (`OrderStatus` -> `order_status`), or
 * `<table>_<column>` when it is written inline.
 */
function registerUnion(
  context: ReaderContext,
  enums: EnumRegistry,
  tableName: string,
  property: PropertyShape,
  type: ts.Type,
  members: readonly ts.Type[],
  label: string,
): string {
  const alias = unionAlias(context.checker, type, property.typeNode);
  const declaration = alias?.declarations?.find(ts.isTypeAliasDeclaration);
  const name = alias && declaration ? enumName(context, alias.name) : inlineEnumName(tableName, property.columnName);
  const written = declaration ? declaration.type : property.typeNode;
  const values = stringLiteralValues(context.checker, members, written);
  return enums.register(name, values, declaration ?? property.node, label);
}

/** The non-generic type alias that names the union: kept by the checker, or else as written. */
function unionAlias(checker: ts.TypeChecker, type: ts.Type, typeNode: ts.TypeNode | undefined): ts.Symbol | undefined {
  if (type.aliasSymbol && !type.aliasTypeArguments?.length) return type.aliasSymbol;
  const written = typeNode && unwrapNullableTypeNode(typeNode);
  if (!written || !ts.isTypeReferenceNode(written) || written.typeArguments) return undefined;
  let symbol = checker.getSymbolAtLocation(written.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol && symbol.flags & ts.SymbolFlags.TypeAlias ? symbol : undefined;
}

/** A string `enum` is an enum named after it; a numeric `enum` is an integer column. */
function enumType(context: ReaderContext, enums: EnumRegistry, declaration: ts.EnumDeclaration, label: string): LogicalType {
  const { checker } = context;
  const symbol = checker.getSymbolAtLocation(declaration.name);
  const declarations = symbol?.declarations?.filter(ts.isEnumDeclaration) ?? [declaration];
  const values = declarations.flatMap((each) => each.members.map((member) => checker.getConstantValue(member)));
  if (values.every((value) => typeof value === 'number')) return { kind: 'int' };
  if (!values.every((value) => typeof value === 'string')) {
    throw new EntityProblem(
      `${label} has enum ${declaration.name.text}, which mixes string and number (or computed) members; ` +
        'use an enum whose members are all strings, or all numbers.',
    );
  }
  return { kind: 'enum', name: enums.register(enumName(context, declaration.name.text), values as string[], declaration, label) };
}

function enumName(context: ReaderContext, typeName: string): string {
  return context.naming === 'preserve' ? typeName : snakeCase(typeName);
}
