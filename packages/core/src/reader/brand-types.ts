import * as ts from 'typescript';
import { EntityProblem } from './entity-problems';
import { unwrapNullableTypeNode } from './type-nodes';

/** A branded type, recognised by its alias name wherever it is declared (see `types/brands.ts`). */
export type Brand =
  | { readonly kind: 'uuid' }
  | { readonly kind: 'email' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'maxLength'; readonly length: number };

const BRAND_NAMES = new Set(['UUID', 'Email', 'Timestamp', 'MaxLen']);
/** How many aliases of aliases (`type UserId = Id; type Id = UUID`) are followed. */
const MAX_ALIAS_DEPTH = 16;

/**
 * The brand of a property's type, if any. Looks first at what the declaration wrote (which also sees a plain
 * `type Email = string`, whose type the checker does not keep apart from `string`), following aliases of
 * aliases, then at the alias the checker kept on the resolved type (which sees brands passed through generics).
 * `typeNode` is only given when it denotes the property's resolved type.
 */
export function detectBrand(checker: ts.TypeChecker, type: ts.Type, typeNode: ts.TypeNode | undefined): Brand | undefined {
  const written = typeNode && brandOfTypeNode(checker, unwrapNullableTypeNode(typeNode));
  if (written) return written;
  const alias = type.aliasSymbol;
  if (alias && BRAND_NAMES.has(alias.name)) return brandFor(checker, alias.name, type.aliasTypeArguments?.[0], alias.declarations?.[0]);
  return undefined;
}

function brandOfTypeNode(checker: ts.TypeChecker, node: ts.TypeNode): Brand | undefined {
  let current: ts.TypeNode = node;
  for (let depth = 0; depth < MAX_ALIAS_DEPTH && ts.isTypeReferenceNode(current); depth++) {
    let symbol = checker.getSymbolAtLocation(current.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias)) return undefined;
    if (BRAND_NAMES.has(symbol.name)) {
      const argument = current.typeArguments?.[0];
      return brandFor(checker, symbol.name, argument && checker.getTypeFromTypeNode(argument), current);
    }
    const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration);
    if (!declaration || declaration.typeParameters) return undefined;
    current = unwrapNullableTypeNode(declaration.type);
  }
  return undefined;
}

function brandFor(checker: ts.TypeChecker, name: string, argument: ts.Type | undefined, node: ts.Node | undefined): Brand {
  switch (name) {
    case 'UUID':
      return { kind: 'uuid' };
    case 'Email':
      return { kind: 'email' };
    case 'Timestamp':
      return { kind: 'timestamp' };
    default: {
      const length = argument?.isNumberLiteral() ? argument.value : NaN;
      if (!(length >= 1 && Number.isSafeInteger(length))) {
        const written = argument ? checker.typeToString(argument) : 'nothing';
        throw new EntityProblem(`MaxLen<N> needs a positive whole number N, e.g. MaxLen<80>; got ${written}.`, node);
      }
      return { kind: 'maxLength', length };
    }
  }
}
