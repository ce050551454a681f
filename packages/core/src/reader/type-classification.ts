import * as ts from 'typescript';
import { type Brand, detectBrand } from './brand-types';
import { isStandardLibraryNode, type ReaderContext } from './reader-context';

/** What a property's (non-null) type is, before JSDoc tags refine it into a `LogicalType`. */
export type TypeClass =
  | { readonly kind: 'string'; readonly brand?: Brand }
  | { readonly kind: 'number' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'json' }
  /** `Buffer`, `Uint8Array`, or another interface that extends `Uint8Array` */
  | { readonly kind: 'binary' }
  /** an array of one scalar (`string[]`, `Date[]`, `MaxLen<80>[]`); an array of anything else is `json` */
  | { readonly kind: 'array'; readonly element: ScalarClass }
  /** one string literal or a union of them */
  | { readonly kind: 'stringLiterals'; readonly members: readonly ts.Type[] }
  /** a TS `enum` (or some of its members) */
  | { readonly kind: 'enum'; readonly declaration: ts.EnumDeclaration }
  | { readonly kind: 'unsupported'; readonly reason?: string };

/** What an `array` holds: one value each, with no JSON, enum or nested array. */
export type ScalarClass = Extract<TypeClass, { readonly kind: 'string' | 'number' | 'bigint' | 'boolean' | 'timestamp' }>;

const SCALAR_KINDS: ReadonlySet<TypeClass['kind']> = new Set(['string', 'number', 'bigint', 'boolean', 'timestamp']);

const NO_COLUMN =
  ts.TypeFlags.Any |
  ts.TypeFlags.Unknown |
  ts.TypeFlags.Never |
  ts.TypeFlags.Void |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Null |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.TypeParameter |
  ts.TypeFlags.Index |
  ts.TypeFlags.IndexedAccess |
  ts.TypeFlags.Conditional |
  ts.TypeFlags.Substitution;

const ENUM = ts.TypeFlags.Enum | ts.TypeFlags.EnumLiteral;

/** Classifies a property's type once `null` and `undefined` are removed. A brand refines a string. */
export function classifyType(context: ReaderContext, type: ts.Type, brand?: Brand): TypeClass {
  const typeClass = classify(context, type);
  return brand && typeClass.kind === 'string' ? { kind: 'string', brand } : typeClass;
}

function classify(context: ReaderContext, type: ts.Type): TypeClass {
  const flags = type.flags;
  if (flags & NO_COLUMN) return { kind: 'unsupported' };
  if (flags & ENUM) return classifyEnum([type]);
  if (type.isUnion()) return classifyUnion(context, type.types);
  if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return { kind: 'string' };
  if (flags & ts.TypeFlags.StringLiteral) return { kind: 'stringLiterals', members: [type] };
  if (flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
  if (flags & ts.TypeFlags.BigIntLike) return { kind: 'bigint' };
  if (flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
  if (flags & ts.TypeFlags.NonPrimitive) return { kind: 'json' };
  if (type.isIntersection()) return classifyIntersection(context, type.types);
  if (flags & ts.TypeFlags.Object) return classifyObject(context, type as ts.ObjectType);
  return { kind: 'unsupported' };
}

function classifyUnion(context: ReaderContext, members: readonly ts.Type[]): TypeClass {
  if (members.every((member) => member.flags & ENUM)) return classifyEnum(members);
  if (members.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
  if (members.every((member) => member.flags & ts.TypeFlags.StringLiteral)) return { kind: 'stringLiterals', members };
  if (members.every((member) => member.flags & ts.TypeFlags.NumberLiteral)) return { kind: 'number' };
  if (members.every((member) => classify(context, member).kind === 'json')) return { kind: 'json' };
  return { kind: 'unsupported', reason: 'a union of unrelated types' };
}

/** `Role`, `Role.Admin | Role.User`: members of one TS enum. */
function classifyEnum(members: readonly ts.Type[]): TypeClass {
  const declarations = new Set(members.map((member) => enumDeclarationOf(member)));
  const [declaration] = declarations;
  if (declarations.size !== 1 || !declaration) return { kind: 'unsupported', reason: 'members of different enums' };
  return { kind: 'enum', declaration };
}

function enumDeclarationOf(type: ts.Type): ts.EnumDeclaration | undefined {
  for (const declaration of type.symbol?.declarations ?? []) {
    if (ts.isEnumDeclaration(declaration)) return declaration;
    if (ts.isEnumMember(declaration)) return declaration.parent;
  }
  return undefined;
}

/**
 * A primitive with object "brands" (`string & { __brand: 'UserId' }`) is that primitive; `Date & {…}` is a
 * timestamp; an intersection of object types is JSON.
 */
function classifyIntersection(context: ReaderContext, members: readonly ts.Type[]): TypeClass {
  const objects = members.filter((member) => member.flags & ts.TypeFlags.Object);
  const others = members.filter((member) => !(member.flags & ts.TypeFlags.Object));
  if (others.length === 1) return classify(context, others[0]!);
  if (others.length > 1) return { kind: 'unsupported' };
  const date = objects.find((member) => isDate(context, member));
  if (date) return { kind: 'timestamp' };
  return objects.every((member) => classify(context, member).kind === 'json') ? { kind: 'json' } : { kind: 'unsupported' };
}

function classifyObject(context: ReaderContext, type: ts.ObjectType): TypeClass {
  const { checker } = context;
  if (checker.isArrayType(type)) return classifyArray(context, type);
  if (checker.isTupleType(type)) return { kind: 'json' };
  if (isBinary(context, type)) return { kind: 'binary' };
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
    return { kind: 'unsupported', reason: 'a function' };
  }
  if (isDate(context, type)) return { kind: 'timestamp' };
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Class) return { kind: 'unsupported', reason: 'a class instance' };
  if (symbol && symbol.flags & ts.SymbolFlags.Interface && isStandardLibrary(context, symbol)) {
    return { kind: 'unsupported', reason: `a built-in ${symbol.name} object` };
  }
  return { kind: 'json' };
}

/**
 * `string[]`, `readonly Date[]`, `MaxLen<80>[]`: an array of one scalar (its elements may be null); an array of
 * objects, string literals, enums or arrays is JSON.
 */
function classifyArray(context: ReaderContext, type: ts.ObjectType): TypeClass {
  const [element] = context.checker.getTypeArguments(type as ts.TypeReference);
  if (!element) return { kind: 'json' };
  const nonNull = element.flags & ts.TypeFlags.Unknown ? element : context.checker.getNonNullableType(element);
  const elementClass = classifyType(context, nonNull, detectBrand(context.checker, nonNull, undefined));
  return SCALAR_KINDS.has(elementClass.kind) ? { kind: 'array', element: elementClass as ScalarClass } : { kind: 'json' };
}

/**
 * The standard library's `Uint8Array`, or an interface that extends it (Node's `Buffer`, from `@types/node`), under
 * whatever name it is imported or aliased.
 */
function isBinary(context: ReaderContext, type: ts.Type): boolean {
  const seen = new Set<ts.Symbol>();
  const extendsUint8Array = (candidate: ts.Type): boolean => {
    const symbol = candidate.getSymbol();
    if (!symbol || seen.has(symbol)) return false;
    seen.add(symbol);
    if (symbol.name === 'Uint8Array' && isStandardLibrary(context, symbol)) return true;
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) return false;
    const declared = context.checker.getDeclaredTypeOfSymbol(symbol);
    if (!(declared.flags & ts.TypeFlags.Object) || !((declared as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface))
      return false;
    return (context.checker.getBaseTypes(declared as ts.InterfaceType) ?? []).some(extendsUint8Array);
  };
  return extendsUint8Array(type);
}

function isDate(context: ReaderContext, type: ts.Type): boolean {
  const symbol = type.getSymbol();
  return symbol?.name === 'Date' && isStandardLibrary(context, symbol);
}

function isStandardLibrary(context: ReaderContext, symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((declaration) => isStandardLibraryNode(context, declaration));
}
