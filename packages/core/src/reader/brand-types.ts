import * as ts from 'typescript';
import { EntityProblem } from './entity-problems';
import { unwrapNullableTypeNode } from './type-nodes';

/**
 * A brand of this package (`types/brands.ts`) that refines a string column. (`Timestamp` is a `Date` and needs
 * no brand to be read as one.)
 */
export type Brand = { readonly kind: 'uuid' } | { readonly kind: 'email' } | { readonly kind: 'maxLength'; readonly length: number };

/**
 * The brand properties that only this package's declarations carry (`types/brands.ts`): `__gatiBrand` holds
 * the brand's name (`'UUID'`, `'Email'`, `'Timestamp'`), `__gatiMaxLength` the `N` of `MaxLen<N>`.
 */
const BRAND_PROPERTY = '__gatiBrand';
const MAX_LENGTH_PROPERTY = '__gatiMaxLength';

const NAMED_BRANDS: ReadonlyMap<string, Brand> = new Map<string, Brand>([
  ['UUID', { kind: 'uuid' }],
  ['Email', { kind: 'email' }],
]);

/** How many aliases of aliases (`type Sku = Code; type Code = MaxLen<0>`) are followed to show where `N` is written. */
const MAX_ALIAS_DEPTH = 16;

/**
 * The brand of a property's (non-null) type, if any, read through the type checker from the brand properties
 * of this package's declarations, so that the brand is found whatever it is called where it is used (an
 * import renamed, an alias of an alias, a generic's argument) and an application's own `type UUID = string`
 * or `type Timestamp = number` is no brand. `typeNode` (what the property wrote, when it denotes the resolved
 * type) only serves to point at a `MaxLen<N>` whose `N` is not a positive whole number.
 */
export function detectBrand(checker: ts.TypeChecker, type: ts.Type, typeNode: ts.TypeNode | undefined): Brand | undefined {
  const maxLength = brandPropertyType(checker, type, MAX_LENGTH_PROPERTY);
  if (maxLength) return { kind: 'maxLength', length: maxLengthOf(checker, maxLength, typeNode) };
  const name = brandPropertyType(checker, type, BRAND_PROPERTY);
  return name?.isStringLiteral() ? NAMED_BRANDS.get(name.value) : undefined;
}

/** The type of a brand property of `type`, `undefined` (the property is optional) left out. */
function brandPropertyType(checker: ts.TypeChecker, type: ts.Type, name: string): ts.Type | undefined {
  const property = checker.getPropertyOfType(type, name);
  return property && checker.getNonNullableType(checker.getTypeOfSymbol(property));
}

function maxLengthOf(checker: ts.TypeChecker, argument: ts.Type, typeNode: ts.TypeNode | undefined): number {
  const length = argument.isNumberLiteral() ? argument.value : NaN;
  if (length >= 1 && Number.isSafeInteger(length)) return length;
  const where = typeNode && writtenReference(checker, unwrapNullableTypeNode(typeNode));
  throw new EntityProblem(`MaxLen<N> needs a positive whole number N, e.g. MaxLen<80>; got ${checker.typeToString(argument)}.`, where);
}

/**
 * Where the generic reference that gives `N` is written: the written type followed through aliases of aliases
 * (`sku: Sku` with `type Sku = MaxLen<0>` points at `MaxLen<0>`) down to the first reference with type arguments.
 */
function writtenReference(checker: ts.TypeChecker, node: ts.TypeNode): ts.TypeNode {
  let current = node;
  for (let depth = 0; depth < MAX_ALIAS_DEPTH && ts.isTypeReferenceNode(current) && !current.typeArguments; depth++) {
    let symbol = checker.getSymbolAtLocation(current.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
    if (!declaration || declaration.typeParameters) break;
    current = unwrapNullableTypeNode(declaration.type);
  }
  return current;
}
