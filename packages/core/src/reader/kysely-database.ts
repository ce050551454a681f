import * as ts from 'typescript';
import { type EntityNode, KYSELY_DATABASE_INTERFACE, isObjectShape } from './entity-declarations';
import { EntityProblem, type EntityProblems } from './entity-problems';
import { type EntityShape, type PropertyShape, shapeProperty } from './entity-shape';
import { readTags } from './jsdoc-tags';
import { readKyselyColumnType } from './kysely-column-type';
import type { ReaderContext } from './reader-context';
import { nodeLocation } from './source-location';
import { schemaQualifiedTable } from './tag-arguments';

/** The `DB` type a file exports: the file is a Kysely database interface, and its keys are the tables. */
export interface KyselyDatabase {
  readonly type: ts.Type;
  /** its first declaration, for messages */
  readonly node: ts.Node;
}

/**
 * The Kysely database interface of a file: the `DB` interface (or object type alias) it exports, declared
 * there or re-exported. Undefined when it exports none, and the file holds entity types.
 */
export function findKyselyDatabase(context: ReaderContext, sourceFile: ts.SourceFile): KyselyDatabase | undefined {
  const { checker } = context;
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return undefined;
  const exported = checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.getName() === KYSELY_DATABASE_INTERFACE);
  if (!exported) return undefined;
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const node = symbol.declarations?.find((each) => ts.isInterfaceDeclaration(each) || ts.isTypeAliasDeclaration(each));
  if (!node) return undefined;
  return { type: checker.getDeclaredTypeOfSymbol(symbol), node };
}

/**
 * One table per key of the `DB` type, named by the key verbatim, with the key's row type for columns (also
 * named verbatim). Table-level tags may be written on the key or on the row type's declaration. A
 * schema-qualified key (`'audit.events'`) is the table `events` of schema `audit`. A key whose type is not a row
 * type is a problem.
 */
export function shapeKyselyTables(context: ReaderContext, problems: EntityProblems, database: KyselyDatabase): EntityShape[] {
  const shapes: EntityShape[] = [];
  for (const symbol of context.checker.getPropertiesOfType(database.type)) {
    const node = symbol.valueDeclaration ?? symbol.declarations?.[0] ?? database.node;
    const shape = problems.collect(node, () => shapeKyselyTable(context, problems, symbol, node));
    if (shape) shapes.push(shape);
  }
  return shapes;
}

function shapeKyselyTable(context: ReaderContext, problems: EntityProblems, symbol: ts.Symbol, node: ts.Node): EntityShape {
  const { checker } = context;
  const key = symbol.getName();
  const rowType = checker.getTypeOfSymbol(symbol);
  if (!isObjectShape(context, rowType)) {
    throw new EntityProblem(
      `DB.${key} has type '${checker.typeToString(rowType)}', which is not a row type: give it an interface (or object type) whose properties are the columns of table ${key}.`,
    );
  }
  const rowDeclarations = rowTypeDeclarations(rowType);
  const tags = readTags([node, ...rowDeclarations], 'type', key);
  for (const name of ['table', 'schema'] as const) {
    const tag = tags.get(name);
    if (tag) {
      throw new EntityProblem(
        `@${name} on ${key}: in a Kysely DB interface the key is the table name (\`'schema.table'\` outside the default schema); rename the key instead.`,
        tag.node,
      );
    }
  }
  const tableName = schemaQualifiedTable(key, undefined, `DB key '${key}'`);
  const properties: PropertyShape[] = [];
  for (const column of checker.getPropertiesOfType(rowType)) {
    const declared = column.valueDeclaration ?? column.declarations?.[0] ?? node;
    const property = problems.collect(declared, () => shapeKyselyColumn(context, key, column, declared));
    if (property) properties.push(property);
  }
  return {
    declaration: { typeName: key, symbol, nodes: rowDeclarations, type: rowType },
    typeName: key,
    tableName,
    node,
    tags,
    properties,
    kysely: { at: nodeLocation(node, context.cwd) },
  };
}

function shapeKyselyColumn(context: ReaderContext, table: string, symbol: ts.Symbol, node: ts.Node): PropertyShape {
  const property = shapeProperty(context, table, symbol, node, true);
  return { ...property, kysely: readKyselyColumnType(context, property.type, property.typeNode, property.optional) };
}

/** The interface or type alias that declares a row type, for its tags (none for an inline object type). */
function rowTypeDeclarations(rowType: ts.Type): EntityNode[] {
  const symbol = rowType.aliasSymbol ?? rowType.getSymbol();
  return (symbol?.declarations ?? []).filter(
    (node): node is EntityNode => ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node),
  );
}
