import * as ts from 'typescript';
import { isStandardLibraryNode, type ReaderContext } from './reader-context';

export type EntityNode = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

/** An exported interface or object type alias of an entity file: one table. */
export interface EntityDeclaration {
  readonly typeName: string;
  readonly symbol: ts.Symbol;
  /** its declarations in the entity file (several for a merged interface), in source order */
  readonly nodes: readonly EntityNode[];
  readonly type: ts.Type;
}

/** The name of a Kysely database interface, which is not a table itself (read by its own reader). */
export const KYSELY_DATABASE_INTERFACE = 'DB';

/**
 * The entities a file declares and exports (`export interface`, `export type X = {…}`, or `export { X }`),
 * in source order. Not tables: re-exports of other files' types, aliases that are not object types
 * (`type Status = 'a' | 'b'`, `type UUID = string & …`, `type Tags = string[]`), generic declarations
 * (`interface Audited<T>`: templates for other types), map types with no named property
 * (`type Meta = Record<string, unknown>`), enums, classes, and a Kysely `DB` interface.
 */
export function findEntityDeclarations(context: ReaderContext, sourceFile: ts.SourceFile): EntityDeclaration[] {
  const { checker } = context;
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return [];
  const seen = new Set<ts.Symbol>();
  const found: EntityDeclaration[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    const nodes = (symbol.declarations ?? []).filter(
      (node): node is EntityNode =>
        (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.getSourceFile() === sourceFile,
    );
    const first = nodes[0];
    if (!first || first.name.text === KYSELY_DATABASE_INTERFACE) continue;
    if (nodes.some((node) => node.typeParameters?.length)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (ts.isTypeAliasDeclaration(first) && !isObjectShape(context, type)) continue;
    if (type.getProperties().length === 0 && checker.getIndexInfosOfType(type).length > 0) continue;
    found.push({ typeName: first.name.text, symbol, nodes, type });
  }
  return found.sort((a, b) => a.nodes[0]!.getStart() - b.nodes[0]!.getStart());
}

/** An object type with named properties, or an intersection of them: not a primitive, array, function or built-in. */
export function isObjectShape(context: ReaderContext, type: ts.Type): boolean {
  if (type.isIntersection()) return type.types.every((member) => isObjectShape(context, member));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  if (context.checker.isArrayType(type) || context.checker.isTupleType(type)) return false;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
  const symbol = type.getSymbol();
  if (symbol && symbol.flags & ts.SymbolFlags.Class) return false;
  const builtIn = symbol?.declarations?.some((node) => isStandardLibraryNode(context, node)) ?? false;
  return !(builtIn && symbol!.flags & ts.SymbolFlags.Interface);
}
