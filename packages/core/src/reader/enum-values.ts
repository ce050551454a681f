import * as ts from 'typescript';

const MAX_DEPTH = 16;

/**
 * The string values of a string literal union in declaration order. The checker keeps union members in an
 * internal order, so the values are read from what was written (`'a' | 'b'`, following referenced aliases),
 * and completed from the checker for anything not written literally (`(typeof ROLES)[number]`).
 */
export function stringLiteralValues(checker: ts.TypeChecker, union: readonly ts.Type[], written: ts.TypeNode | undefined): string[] {
  const actual = union.filter((member) => member.isStringLiteral()).map((member) => (member as ts.StringLiteralType).value);
  const ordered: string[] = [];
  if (written) collect(checker, written, ordered, 0);
  const present = new Set(actual);
  const result = [...new Set(ordered.filter((value) => present.has(value)))];
  for (const value of actual) if (!result.includes(value)) result.push(value);
  return result;
}

function collect(checker: ts.TypeChecker, node: ts.TypeNode, into: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (ts.isParenthesizedTypeNode(node)) return collect(checker, node.type, into, depth + 1);
  if (ts.isUnionTypeNode(node)) {
    for (const member of node.types) collect(checker, member, into, depth + 1);
    return;
  }
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal) || ts.isNoSubstitutionTemplateLiteral(node.literal)) into.push(node.literal.text);
    return;
  }
  if (ts.isTypeReferenceNode(node)) {
    const type = checker.getTypeFromTypeNode(node);
    const declaration = type.aliasSymbol?.declarations?.find(ts.isTypeAliasDeclaration);
    if (declaration && !declaration.typeParameters) return collect(checker, declaration.type, into, depth + 1);
  }
  const type = checker.getTypeFromTypeNode(node);
  for (const member of type.isUnion() ? type.types : [type]) {
    if (member.isStringLiteral()) into.push(member.value);
  }
}
