import * as ts from 'typescript';
import { columnTypeParts } from './column-type-parts';
import { kyselyAliasName } from './kysely-aliases';
import type { ReaderContext } from './reader-context';
import { isNullishTypeNode } from './type-nodes';

/** What the type of one property of a Kysely row type says about its column. */
export interface KyselyColumnType {
  /** The selected value's type: `S` of `ColumnType<S, I, U>` (or the property's type), with null and undefined. */
  readonly selectType: ts.Type;
  /** The type as written for the selected value, when it could be followed there (`X` of `Generated<X>`). */
  readonly selectNode: ts.TypeNode | undefined;
  /** `null` is part of the selected value (outside a JSON alias, whose `JsonPrimitive` includes it). */
  readonly nullable: boolean;
  /**
   * The database fills the value in when an insert leaves it out: `Generated<T>`, `GeneratedAlways<T>`, or any
   * `ColumnType` whose insert type accepts `undefined` or is `never` (what Kysely's `Insertable` makes optional).
   */
  readonly hasDefault: boolean;
  /** The kysely-codegen alias the value is written with (`Int8`, `Numeric`, `Json`, …), if any. */
  readonly alias: string | undefined;
}

/** How many wrappers and aliases (`Generated<Money>`, `type Money = Numeric`) are followed. */
const MAX_DEPTH = 16;
const NULLISH = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;

/**
 * Reads a column's Kysely helpers through the type checker: `ColumnType<S, I, U>` and everything built on it
 * (Kysely's `Generated`, `GeneratedAlways`, `JSONColumnType`, kysely-codegen's own `Generated`, a user's
 * alias of them) are recognised by their shape, `{ __select__, __insert__, __update__ }`, so that where and how
 * they are declared does not matter. The written type is followed through these wrappers to find the selected
 * value as written (for enum names and tags) and a kysely-codegen alias (recognised by its name and shape).
 */
export function readKyselyColumnType(
  context: ReaderContext,
  type: ts.Type,
  typeNode: ts.TypeNode | undefined,
  optional: boolean,
): KyselyColumnType {
  const { checker } = context;
  const wrapper = columnTypeParts(checker, type);
  const selectType = wrapper?.select ?? type;
  const written = typeNode ? followWrapperNodes(checker, typeNode) : undefined;
  const alias = (written && findAlias(context, written.node)) ?? aliasOf(context, selectType);
  // A JSON alias includes `null` (JsonPrimitive): only a `| null` written around the alias makes the column nullable.
  const nullable = alias ? optional || (written?.nullWritten ?? false) : optional || includesNullish(selectType) || includesNullish(type);
  return {
    selectType,
    selectNode: written?.node,
    nullable,
    hasDefault: wrapper ? acceptsNothing(wrapper.insert) : false,
    alias,
  };
}

/** An insert type that is `never` (`GeneratedAlways`) or admits `undefined` (`Generated`): the value may be left out. */
function acceptsNothing(insert: ts.Type): boolean {
  if (insert.flags & ts.TypeFlags.Never) return true;
  return includesNullish(insert, ts.TypeFlags.Undefined | ts.TypeFlags.Void);
}

function includesNullish(type: ts.Type, flags: ts.TypeFlags = NULLISH): boolean {
  return (type.flags & flags) !== 0 || (type.isUnion() && type.types.some((member) => (member.flags & flags) !== 0));
}

/**
 * The written node of the selected value: through parentheses, `| null`, and the first type argument of any
 * generic reference that resolves to a `ColumnType` shape (`Generated<X>`, `ColumnType<X, …>`), stopping at a
 * kysely-codegen alias. Records whether `null` was written on the way.
 */
function followWrapperNodes(checker: ts.TypeChecker, start: ts.TypeNode): { node: ts.TypeNode; nullWritten: boolean } {
  let node = start;
  let nullWritten = false;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (ts.isParenthesizedTypeNode(node)) {
      node = node.type;
      continue;
    }
    if (ts.isUnionTypeNode(node)) {
      const rest = node.types.filter((member) => !isNullishTypeNode(member));
      if (rest.length < node.types.length) nullWritten = true;
      if (rest.length !== 1) break;
      node = rest[0]!;
      continue;
    }
    const alias = ts.isTypeReferenceNode(node) ? typeAliasSymbol(checker, node) : undefined;
    // kysely-codegen's aliases take no type arguments: a generic reference is a wrapper or not followed.
    if (!alias || !ts.isTypeReferenceNode(node) || !node.typeArguments?.length) break;
    const parts = columnTypeParts(checker, checker.getTypeFromTypeNode(node));
    if (!parts || !selectsArgument(checker, parts.select, node.typeArguments[0]!)) break;
    node = node.typeArguments[0]!;
  }
  return { node, nullWritten };
}

/**
 * Whether a wrapper selects its first type argument (`Generated<X>`, `ColumnType<X, …>`, also when `X` is itself a
 * `ColumnType`, as `Generated<Timestamp>`), rather than a type made from it (kysely-codegen's `ArrayType<Timestamp>`
 * selects `Date[]`).
 */
function selectsArgument(checker: ts.TypeChecker, select: ts.Type, argument: ts.TypeNode): boolean {
  const argumentType = checker.getTypeFromTypeNode(argument);
  const selected = columnTypeParts(checker, argumentType)?.select ?? argumentType;
  return checker.isTypeAssignableTo(selected, select) && checker.isTypeAssignableTo(select, selected);
}

/**
 * The kysely-codegen alias that `node` names, directly or through plain aliases of it (`type Money = Numeric`),
 * looking through `| null` and wrappers as {@link followWrapperNodes} does.
 */
function findAlias(context: ReaderContext, start: ts.TypeNode): string | undefined {
  let node: ts.TypeNode = start;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    node = followWrapperNodes(context.checker, node).node;
    if (!ts.isTypeReferenceNode(node)) return undefined;
    const alias = typeAliasSymbol(context.checker, node);
    if (!alias) return undefined;
    const name = kyselyAliasName(context, alias);
    if (name) return name;
    const declaration = alias.declarations?.find(ts.isTypeAliasDeclaration);
    if (!declaration || declaration.typeParameters) return undefined;
    node = declaration.type;
  }
  return undefined;
}

/** The alias the checker kept on the resolved type, when it is a kysely-codegen one (the type came through a generic). */
function aliasOf(context: ReaderContext, type: ts.Type): string | undefined {
  const symbol = type.aliasSymbol;
  return symbol && !type.aliasTypeArguments?.length ? kyselyAliasName(context, symbol) : undefined;
}

/** The type alias a reference names, through imports; undefined for interfaces, classes and type parameters. */
function typeAliasSymbol(checker: ts.TypeChecker, node: ts.TypeReferenceNode): ts.Symbol | undefined {
  let symbol = checker.getSymbolAtLocation(node.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol && symbol.flags & ts.SymbolFlags.TypeAlias ? symbol : undefined;
}
