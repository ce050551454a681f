import * as ts from 'typescript';

/** `(T)` -> `T`; `T | null | undefined` -> `T` when exactly one other member is left; anything else as is. */
export function unwrapNullableTypeNode(node: ts.TypeNode): ts.TypeNode {
  if (ts.isParenthesizedTypeNode(node)) return unwrapNullableTypeNode(node.type);
  if (!ts.isUnionTypeNode(node)) return node;
  const rest = node.types.filter((member) => !isNullishTypeNode(member));
  return rest.length === 1 ? unwrapNullableTypeNode(rest[0]!) : node;
}

export function isNullishTypeNode(node: ts.TypeNode): boolean {
  if (node.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  return ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword;
}
