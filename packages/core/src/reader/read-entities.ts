import type * as ts from 'typescript';
import type { NamingStrategy, SchemaModel, TableModel } from '../model';
import { deepFreeze, qualifiedName, schemaOf } from '../model';
import { findEntityDeclarations } from './entity-declarations';
import { EntityIndex } from './entity-index';
import { createEntityProgram } from './entity-program';
import { EntityProblems } from './entity-problems';
import type { EntityShape } from './entity-shape';
import { shapeEntity } from './entity-shape';
import { EnumRegistry } from './enum-registry';
import { findKyselyDatabase, shapeKyselyTables } from './kysely-database';
import type { ReaderContext } from './reader-context';
import { nodeLocation } from './source-location';
import { buildTable } from './table-builder';

export interface ReadEntitiesOptions {
  /** `snake_case` (`OrderItem.priceInCents` -> `order_items.price_in_cents`) or `preserve` */
  naming: NamingStrategy;
  /** for messages: paths are shown relative to it (default: the process's working directory) */
  cwd?: string;
  /**
   * For a document database (MongoDB): JSON types carry their shape (`JsonShape`), and the collection tags
   * (`@collation`, `@timeSeries`, `@clustered`) and `@expireAfterSeconds` are read. SQL reads leave them out.
   */
  documents?: boolean;
}

/**
 * Reads entity files into a frozen `SchemaModel`: every exported interface or object type alias is a table,
 * its properties are columns, JSDoc tags refine them. A file that exports `DB` is a Kysely database interface
 * instead: each of `DB`'s keys is a table, named verbatim (see `kysely-database.ts`); both kinds of file may be
 * read together. The files are compiled together with the TypeScript type checker, so aliases, imports,
 * `extends`, intersections and generics resolve. Tables come in file order, then source order; the model is not
 * normalized.
 *
 * Throws an `EntityError` for a missing file, a file that does not compile, or types that cannot be mapped,
 * listing every problem with `file:line`.
 */
export function readEntities(files: readonly string[], options: ReadEntitiesOptions): SchemaModel {
  const cwd = options.cwd ?? process.cwd();
  const { program, checker, sourceFiles } = createEntityProgram(files, cwd);
  const context: ReaderContext = { program, checker, naming: options.naming, cwd, ...(options.documents ? { documents: true } : {}) };
  const problems = new EntityProblems(cwd);

  const shapes = sourceFiles.flatMap((sourceFile) => shapeFile(context, problems, sourceFile));
  checkTableNames(shapes, problems, cwd);
  const builder = { context, problems, enums: new EnumRegistry(cwd), entities: new EntityIndex(shapes) };
  const tables: TableModel[] = shapes.map((shape) => buildTable(builder, shape));
  problems.throwIfAny();
  return deepFreeze(enumsInTheirSchema({ tables, enums: builder.enums.list() }));
}

/**
 * A named enum (after its type alias) lives in the schema of the tables that use it when they all are in the same
 * schema other than the default one; otherwise, in the default schema. (An inline union is named after its table,
 * schema included, already.)
 */
function enumsInTheirSchema(model: SchemaModel): SchemaModel {
  const renamed = new Map<string, string>();
  for (const { name } of model.enums) {
    if (schemaOf(name) !== undefined) continue;
    const users = model.tables.filter((t) => t.columns.some((c) => c.type.kind === 'enum' && c.type.name === name));
    const schemas = new Set(users.map((t) => schemaOf(t.name)));
    const [schema] = schemas;
    if (schemas.size === 1 && schema !== undefined) renamed.set(name, qualifiedName(schema, name));
  }
  if (renamed.size === 0) return model;
  const rename = (name: string) => renamed.get(name) ?? name;
  return {
    tables: model.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) => (c.type.kind === 'enum' ? { ...c, type: { kind: 'enum', name: rename(c.type.name) } } : c)),
    })),
    enums: model.enums.map((e) => ({ ...e, name: rename(e.name) })),
  };
}

/**
 * The tables a file declares: a file that exports `DB` is a Kysely database interface, and `DB`'s keys are its
 * tables (its other types are row types and helpers); any other file holds entity types.
 */
function shapeFile(context: ReaderContext, problems: EntityProblems, sourceFile: ts.SourceFile): EntityShape[] {
  const database = findKyselyDatabase(context, sourceFile);
  if (database) return shapeKyselyTables(context, problems, database);
  return findEntityDeclarations(context, sourceFile).map((declaration) => shapeEntity(context, problems, declaration));
}

function checkTableNames(shapes: readonly EntityShape[], problems: EntityProblems, cwd: string): void {
  const seen = new Map<string, EntityShape>();
  for (const shape of shapes) {
    const first = seen.get(shape.tableName);
    if (!first) {
      seen.set(shape.tableName, shape);
      continue;
    }
    problems.add(
      shape.node,
      `${shape.typeName} and ${first.typeName} (${nodeLocation(first.node, cwd)}) both map to table '${shape.tableName}'; ` +
        'rename one, or give it @table <name>.',
    );
  }
}
