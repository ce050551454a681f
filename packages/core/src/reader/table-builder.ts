import * as ts from 'typescript';
import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel } from '../model';
import { DEFAULT_SCHEMA, type NamingStrategy, columnNameFor, indexName, qualifiedName, schemaOf, unqualifiedName } from '../model';
import { parseDefault } from './default-value';
import type { EntityIndex } from './entity-index';
import { findProperty } from './entity-index';
import { EntityProblem, type EntityProblems } from './entity-problems';
import type { EntityShape, PropertyShape } from './entity-shape';
import type { EnumRegistry } from './enum-registry';
import { readForeignKey } from './foreign-keys';
import type { GatiTag } from './jsdoc-tags';
import { completeKyselyColumn, kyselyColumnType } from './kysely-column';
import { resolvePropertyType } from './property-type';
import type { ReaderContext } from './reader-context';
import { parseNameList, previousTableName } from './tag-arguments';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Column types that `@generated` (identity / autoincrement) applies to. */
const GENERATED_KINDS: ReadonlySet<string> = new Set(['int', 'bigint', 'custom']);

/** Everything one `readEntities` call shares while it builds tables. */
export interface TableBuilder {
  readonly context: ReaderContext;
  readonly problems: EntityProblems;
  readonly enums: EnumRegistry;
  readonly entities: EntityIndex;
}

/**
 * The table an entity describes. Columns follow the property order (own properties, then inherited ones),
 * except that an implicit `id` key comes first. Problems are recorded in `builder.problems`.
 */
export function buildTable(builder: TableBuilder, shape: EntityShape): TableModel {
  const { problems } = builder;
  if (shape.declaration.type.getProperties().length === 0) {
    const advice = shape.kysely
      ? 'Add columns to its row type, or remove the key from DB.'
      : 'Add properties, or do not export it from an entity file.';
    problems.add(shape.node, `${shape.typeName} has no properties, and a table needs at least one column. ${advice}`);
  }
  const keyProperties = problems.collect(shape.node, () => primaryKeyProperties(shape)) ?? [];
  const implicitId = keyProperties.length === 1 && keyProperties[0]!.name === 'id' && !hasPrimaryKeyTag(shape);
  const properties = implicitId ? [keyProperties[0]!, ...shape.properties.filter((p) => p !== keyProperties[0])] : shape.properties;

  const columns: ColumnModel[] = [];
  for (const property of properties) {
    const inKey = keyProperties.includes(property);
    const column = problems.collect(property.node, () => buildColumn(builder, shape, property, inKey, inKey && keyProperties.length === 1));
    if (!column) continue;
    const clash = properties.find((other) => other !== property && other.columnName === column.name);
    if (clash && properties.indexOf(clash) < properties.indexOf(property)) {
      problems.add(
        property.node,
        `${shape.typeName}.${property.name} and ${shape.typeName}.${clash.name} both map to column '${column.name}'; rename one or give it @column <name>.`,
      );
      continue;
    }
    columns.push(column);
  }

  const foreignKeys: ForeignKeyModel[] = [];
  for (const property of properties) {
    const foreignKey = problems.collect(property.node, () => readForeignKey(builder.entities, shape, property));
    if (foreignKey) foreignKeys.push(foreignKey);
  }
  const renamedFrom = problems.collect(shape.node, () =>
    shape.tags.value('renamedFrom', "the table's previous name or type name, e.g. `@renamedFrom products`"),
  );
  return {
    name: shape.tableName,
    columns,
    primaryKey: keyProperties.map((property) => property.columnName),
    indexes: problems.collect(shape.node, () => readIndexes(shape, properties, builder.context.documents ?? false)) ?? [],
    foreignKeys,
    ...collectionOptionsOf(builder, shape),
    ...(renamedFrom ? { renamedFrom: previousTableOf(shape, renamedFrom, builder.context.naming) } : {}),
    ...(shape.kysely ? { unspecified: unspecifiedTableParts(shape, shape.kysely.at) } : {}),
  };
}

/**
 * The previous name a table's `@renamedFrom` gives: a type or table name, in the table's own schema unless it
 * names one (`public.orders` for the default schema); a DB interface's key verbatim.
 */
function previousTableOf(shape: EntityShape, renamedFrom: string, naming: NamingStrategy): string {
  const previous = shape.kysely ? renamedFrom : previousTableName(renamedFrom, naming);
  const schema = schemaOf(previous);
  if (schema === DEFAULT_SCHEMA) return unqualifiedName(previous);
  return schema !== undefined || shape.kysely ? previous : qualifiedName(schemaOf(shape.tableName), previous);
}

/** What a Kysely table's tags leave unsaid: no `@primaryKey`, no `@unique`/`@index`, no `@references`. */
function unspecifiedTableParts(shape: EntityShape, at: string): TableModel['unspecified'] {
  const anyProperty = (name: 'unique' | 'index' | 'references'): boolean => shape.properties.some((property) => property.tags.has(name));
  return {
    primaryKey: !hasPrimaryKeyTag(shape),
    indexes: !shape.tags.has('unique') && !shape.tags.has('index') && !anyProperty('unique') && !anyProperty('index'),
    foreignKeys: !anyProperty('references'),
    at,
  };
}

function buildColumn(
  builder: TableBuilder,
  shape: EntityShape,
  property: PropertyShape,
  inPrimaryKey: boolean,
  soleKey: boolean,
): ColumnModel {
  const { tags, kysely } = property;
  const type = kysely
    ? kyselyColumnType(builder.context, builder.enums, shape, property)
    : resolvePropertyType(builder.context, builder.enums, shape, property);
  // A primary key column is NOT NULL in every database, even when written `id?: number`.
  const nullable = !inPrimaryKey && (kysely ? kysely.nullable : property.optional || includesNullish(property.type));
  const column: Mutable<ColumnModel> = { name: property.columnName, type, nullable };
  const defaultText = tags.value('default', "a value or SQL expression, e.g. `@default 0`, `@default 'USD'` or `@default now()`");
  if (defaultText !== undefined) column.default = parseDefault(defaultText);
  const generated = tags.get('generated');
  if (generated) {
    if (!GENERATED_KINDS.has(type.kind)) {
      throw new EntityProblem(
        `@generated (identity / autoincrement) needs a number or bigint property, but ${shape.typeName}.${property.name} is ${type.kind}; ` +
          "for a generated UUID write @default gen_random_uuid() (or your database's function) instead.",
        generated.node,
      );
    }
    column.generated = true;
  }
  const previous = tags.value('renamedFrom', "the property's previous name, e.g. `@renamedFrom fullName`");
  if (previous !== undefined) column.renamedFrom = kysely ? previous : columnNameFor(previous, builder.context.naming);
  return kysely ? completeKyselyColumn(builder.context, property, column, soleKey) : column;
}

function includesNullish(type: ts.Type): boolean {
  const nullish = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
  return (type.flags & nullish) !== 0 || (type.isUnion() && type.types.some((member) => (member.flags & nullish) !== 0));
}

function hasPrimaryKeyTag(shape: EntityShape): boolean {
  return shape.tags.has('primaryKey') || shape.properties.some((property) => property.tags.has('primaryKey'));
}

/** `@primaryKey a, b` on the type, else every property tagged `@primaryKey`, else a property named `id`. */
function primaryKeyProperties(shape: EntityShape): PropertyShape[] {
  const typeTag = shape.tags.get('primaryKey');
  const tagged = shape.properties.filter((property) => property.tags.has('primaryKey'));
  if (typeTag && tagged.length > 0) {
    throw new EntityProblem(
      `The primary key of ${shape.typeName} is declared both on the type (@primaryKey ${typeTag.text}) and on properties; declare it in one place.`,
      typeTag.node,
    );
  }
  if (typeTag) return namedProperties(shape, typeTag, '`@primaryKey tenantId, id`');
  if (tagged.length > 0) return tagged;
  const id = shape.properties.find((property) => property.name === 'id');
  return id ? [id] : [];
}

/**
 * `@unique` / `@index` on properties (in column order), then `@unique a, b` / `@index a, b` on the type, as written.
 * For documents, `@expireAfterSeconds N` on a property makes its index (a plain one if it has none) a TTL index.
 */
function readIndexes(shape: EntityShape, properties: readonly PropertyShape[], documents: boolean): IndexModel[] {
  const indexes: IndexModel[] = [];
  const add = (members: readonly PropertyShape[], unique: boolean, expireAfterSeconds?: number): void => {
    const columns = members.map((property) => property.columnName);
    const name = indexName(unqualifiedName(shape.tableName), columns, unique);
    const ttl = expireAfterSeconds !== undefined ? { expireAfterSeconds } : {};
    if (!indexes.some((index) => index.name === name)) indexes.push({ name, columns, unique, ...ttl });
  };
  for (const property of properties) {
    const ttl = documents ? expireAfterSecondsOf(property) : undefined;
    if (property.tags.has('unique')) add([property], true, ttl);
    if (property.tags.has('index') || (ttl !== undefined && !property.tags.has('unique'))) add([property], false, ttl);
  }
  for (const tag of shape.tags.all('unique', 'index')) {
    const unique = tag.name === 'unique';
    add(namedProperties(shape, tag, unique ? '`@unique tenantId, email`' : '`@index lastName, firstName`'), unique);
  }
  return indexes;
}

/** The properties a type-level tag lists (TypeScript names, or column names), without repeats. */
function namedProperties(shape: EntityShape, tag: GatiTag, usage: string): PropertyShape[] {
  const found: PropertyShape[] = [];
  for (const name of parseNameList(tag, usage)) {
    const property = findProperty(shape, name);
    if (!property) {
      throw new EntityProblem(`@${tag.name} on ${shape.typeName} names '${name}', but ${shape.typeName} has no such property.`, tag.node);
    }
    if (!found.includes(property)) found.push(property);
  }
  return found;
}

/** `@expireAfterSeconds 3600`: a whole number of seconds, 0 or more. */
function expireAfterSecondsOf(property: PropertyShape): number | undefined {
  const text = property.tags.value('expireAfterSeconds', 'seconds after the date in the field, e.g. `@expireAfterSeconds 3600`');
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new EntityProblem(
      `@expireAfterSeconds needs a whole number of seconds, not '${text}'.`,
      property.tags.get('expireAfterSeconds')!.node,
    );
  }
  return Number(text);
}

/** For documents: `@collation`, `@timeSeries` and `@clustered` on the type (options fixed at creation). */
function collectionOptionsOf(builder: TableBuilder, shape: EntityShape): Pick<TableModel, 'collectionOptions'> {
  if (!builder.context.documents) return {};
  const options = builder.problems.collect(shape.node, () => {
    const collation = shape.tags.value(
      'collation',
      'a locale or the collation as JSON, e.g. `@collation en` or `@collation {"locale":"fr","strength":2}`',
    );
    const timeSeries = timeSeriesOf(shape);
    if (collation?.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(collation);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new EntityProblem(
          `@collation ${collation} is not a JSON object; write a locale (\`@collation en\`) or the collation as JSON.`,
          shape.tags.get('collation')!.node,
        );
      }
    }
    const clustered = shape.tags.has('clustered');
    return {
      ...(collation !== undefined ? { collation } : {}),
      ...(timeSeries !== undefined ? { timeSeries } : {}),
      ...(clustered ? { clustered } : {}),
    };
  });
  return options && Object.keys(options).length > 0 ? { collectionOptions: options } : {};
}

/**
 * `@timeSeries measuredAt, sensor, minutes`: the time field and the optional meta field (properties, stored under
 * their field names) and granularity, kept as `measured_at, sensor, minutes`.
 */
function timeSeriesOf(shape: EntityShape): string | undefined {
  const text = shape.tags.value(
    'timeSeries',
    'the time field, then optionally the meta field and granularity, e.g. `@timeSeries at, sensor, minutes`',
  );
  if (text === undefined) return undefined;
  const tag = shape.tags.get('timeSeries')!;
  const [time, meta, granularity, ...rest] = text.split(',').map((part) => part.trim());
  if (rest.length > 0 || !time)
    throw new EntityProblem(`@timeSeries takes a time field, a meta field and a granularity at most: '${text}'.`, tag.node);
  const field = (name: string): string => {
    const property = findProperty(shape, name);
    if (!property)
      throw new EntityProblem(`@timeSeries on ${shape.typeName} names '${name}', but ${shape.typeName} has no such property.`, tag.node);
    return property.columnName;
  };
  if (granularity !== undefined && !['seconds', 'minutes', 'hours'].includes(granularity)) {
    throw new EntityProblem(`@timeSeries granularity is seconds, minutes or hours, not '${granularity}'.`, tag.node);
  }
  return [field(time), ...(meta ? [field(meta)] : []), ...(granularity ? [granularity] : [])].join(', ');
}
