import * as ts from 'typescript';
import { columnNameFor, tableNameFor } from '../model';
import type { EntityDeclaration } from './entity-declarations';
import { EntityProblem, type EntityProblems } from './entity-problems';
import { GatiTags, readTags } from './jsdoc-tags';
import type { KyselyColumnType } from './kysely-column-type';
import type { ReaderContext } from './reader-context';
import { schemaQualifiedTable } from './tag-arguments';

/** One property of an entity, with its column name: what `@references` and the table builder look up. */
export interface PropertyShape {
  /** the TypeScript name */
  readonly name: string;
  readonly columnName: string;
  readonly symbol: ts.Symbol;
  /** where it is declared (possibly in a base type or another file); the entity's declaration if nowhere */
  readonly node: ts.Node;
  /** the type as the checker resolved it for this entity (generics instantiated), `null`/`undefined` included */
  readonly type: ts.Type;
  /** the type as written, when it denotes `type` (not a generic parameter, not remapped by a mapped type) */
  readonly typeNode: ts.TypeNode | undefined;
  /** `prop?: T` */
  readonly optional: boolean;
  readonly tags: GatiTags;
  /** A column of a Kysely database interface: what its Kysely helpers say. */
  readonly kysely?: KyselyColumnType;
}

export interface EntityShape {
  readonly declaration: EntityDeclaration;
  readonly typeName: string;
  readonly tableName: string;
  /** the first declaration, for messages */
  readonly node: ts.Node;
  readonly tags: GatiTags;
  /** own properties first, then inherited ones, each in declaration order */
  readonly properties: readonly PropertyShape[];
  /** A table of a Kysely database interface (a `DB` key), whose names are verbatim; where it is declared. */
  readonly kysely?: { readonly at: string };
}

const NO_TAGS = new GatiTags([]);

/** Names the entity's table and columns, and reads its tags. Problems are recorded; the faulty part is left out. */
export function shapeEntity(context: ReaderContext, problems: EntityProblems, declaration: EntityDeclaration): EntityShape {
  const { typeName } = declaration;
  const node = declaration.nodes[0]!;
  const tags = problems.collect(node, () => readTags(declaration.nodes, 'type', typeName)) ?? NO_TAGS;
  const customName = problems.collect(node, () => tags.value('table', 'the table name, e.g. `@table people` or `@table sales.orders`'));
  const tableName =
    problems.collect(node, () =>
      schemaQualifiedTable(customName ?? tableNameFor(typeName, context.naming), tags.get('schema'), typeName),
    ) ?? tableNameFor(typeName, context.naming);
  const properties: PropertyShape[] = [];
  for (const symbol of context.checker.getPropertiesOfType(declaration.type)) {
    const declared = symbol.valueDeclaration ?? symbol.declarations?.[0] ?? node;
    const property = problems.collect(declared, () => shapeProperty(context, typeName, symbol, declared, false));
    if (property) properties.push(property);
  }
  return {
    declaration,
    typeName,
    tableName,
    node,
    tags,
    properties,
  };
}

/**
 * One property of a table's type, with its tags. `verbatim` (a Kysely DB interface): the property's name is the
 * column name, and `@column` is refused.
 */
export function shapeProperty(
  context: ReaderContext,
  typeName: string,
  symbol: ts.Symbol,
  node: ts.Node,
  verbatim: boolean,
): PropertyShape {
  const { checker, naming } = context;
  const name = symbol.getName();
  const label = `${typeName}.${name}`;
  if (symbol.flags & ts.SymbolFlags.Method) {
    throw new EntityProblem(`${label} is a method; an entity type holds data only. Move it out of the entity type.`);
  }
  if (name.startsWith('__@') || name.startsWith('#')) {
    throw new EntityProblem(`${label}: a symbol or private key cannot be a column name; use a plain property name.`);
  }
  const tags = readTags(symbol.declarations ?? [], 'property', label);
  const column = tags.get('column');
  if (verbatim && column) {
    throw new EntityProblem(
      `@column on ${label}: in a Kysely DB interface the property name is the column name; rename the property instead.`,
      column.node,
    );
  }
  const type = checker.getTypeOfSymbol(symbol);
  return {
    name,
    columnName: verbatim ? name : (tags.value('column', 'the column name, e.g. `@column email_address`') ?? columnNameFor(name, naming)),
    symbol,
    node,
    type,
    typeNode: writtenTypeNode(checker, node, type),
    optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
    tags,
  };
}

/**
 * The declaration's type annotation, if it still describes the resolved type: `status: OrderStatus | null`
 * does, `by: T` in a generic base type does not (the checker's type then carries the alias, if any).
 */
function writtenTypeNode(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): ts.TypeNode | undefined {
  if (!(ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) || !node.type) return undefined;
  const written = checker.getNonNullableType(checker.getTypeFromTypeNode(node.type));
  const actual = checker.getNonNullableType(type);
  const same = written === actual || (checker.isTypeAssignableTo(written, actual) && checker.isTypeAssignableTo(actual, written));
  return same ? node.type : undefined;
}
