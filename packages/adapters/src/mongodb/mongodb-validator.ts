import type { ColumnModel, EnumModel, JsonShape, LogicalType, TableModel } from '@gati-framework/migrations';
import { fieldName } from './mongodb-fields';

/** A `$jsonSchema` document, as MongoDB's validator takes it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** What a TypeScript `number` may be stored as: the driver writes small integers as int32, others as double. */
export const NUMBER_BSON_TYPES = ['int', 'long', 'double', 'decimal'] as const;

/**
 * The `$jsonSchema` of a collection: one property per column (`bsonType` per type, nested objects and arrays
 * by their shape), `required` the columns that are not nullable, string literal unions as `enum` (with `null`
 * when nullable). Open: fields the entity does not declare are allowed (no `additionalProperties: false`).
 *
 * @example
 * collectionSchema(users, []);
 * // { bsonType: 'object', required: ['_id', 'email'], properties: { _id: { bsonType: [...] }, email: { bsonType: 'string' } } }
 */
export function collectionSchema(table: TableModel, enums: readonly EnumModel[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const column of table.columns) {
    const field = fieldName(table, column.name);
    properties[field] = columnSchema(column, enums);
    if (!column.nullable) required.push(field);
  }
  return { bsonType: 'object', ...(required.length > 0 ? { required } : {}), properties };
}

/** The schema of one column's field. */
export function columnSchema(column: ColumnModel, enums: readonly EnumModel[]): JsonSchema {
  return withNull(typeSchema(column.type, enums), column.nullable);
}

/** The BSON types a value of `type` is stored as; undefined where no single list says it (enum, JSON). */
export function bsonTypesOf(type: LogicalType): readonly string[] | undefined {
  switch (type.kind) {
    case 'int':
    case 'float':
    case 'decimal':
      return NUMBER_BSON_TYPES;
    case 'bigint':
      return ['int', 'long'];
    case 'text':
    case 'varchar':
    case 'uuid':
      return ['string'];
    case 'boolean':
      return ['bool'];
    case 'timestamp':
      return ['date'];
    case 'binary':
      return ['binData'];
    case 'array':
      return ['array'];
    case 'custom':
      return [type.raw];
    default:
      return undefined;
  }
}

function typeSchema(type: LogicalType, enums: readonly EnumModel[]): JsonSchema {
  switch (type.kind) {
    case 'enum':
      return { enum: [...(enums.find((e) => e.name === type.name)?.values ?? [])] };
    case 'array':
      return { bsonType: 'array', items: typeSchema(type.element, enums) };
    case 'json':
      return type.shape ? shapeSchema(type.shape) : {};
    default:
      return { bsonType: single(bsonTypesOf(type)!) };
  }
}

/** The schema of a JSON value of `shape`: nested objects open, like the collection. */
export function shapeSchema(shape: JsonShape): JsonSchema {
  return withNull(nonNullShapeSchema(shape), shape.nullable ?? false);
}

function nonNullShapeSchema(shape: JsonShape): JsonSchema {
  switch (shape.kind) {
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const property of shape.properties) {
        properties[property.name] = shapeSchema(property.shape);
        if (!property.optional) required.push(property.name);
      }
      return { bsonType: 'object', ...(required.length > 0 ? { required } : {}), properties };
    }
    case 'array':
      return { bsonType: 'array', items: shapeSchema(shape.element) };
    case 'record':
      return shape.value.kind === 'any' ? { bsonType: 'object' } : { bsonType: 'object', additionalProperties: shapeSchema(shape.value) };
    case 'enum':
      return { enum: [...shape.values] };
    case 'any':
      return {};
    case 'scalar':
      switch (shape.type) {
        case 'number':
          return { bsonType: [...NUMBER_BSON_TYPES] };
        case 'bigint':
          return { bsonType: ['int', 'long'] };
        case 'boolean':
          return { bsonType: 'bool' };
        case 'date':
          return { bsonType: 'date' };
        case 'binary':
          return { bsonType: 'binData' };
        default:
          return { bsonType: 'string' };
      }
  }
}

function single(types: readonly string[]): string | string[] {
  return types.length === 1 ? types[0]! : [...types];
}

/** The schema that also accepts `null`: `bsonType` gains `'null'`, an `enum` gains `null`; `{}` takes anything. */
function withNull(schema: JsonSchema, nullable: boolean): JsonSchema {
  if (!nullable) return schema;
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...(schema.enum as unknown[]), null] };
  const bsonType = schema.bsonType;
  if (bsonType === undefined) return schema;
  return { ...schema, bsonType: [...(Array.isArray(bsonType) ? bsonType : [bsonType]), 'null'] };
}

/**
 * Whether every document `before` accepts, `after` accepts too (for the usual changes; anything uncertain is
 * not): no field newly required, every field `before` declares kept with the same schema or one that only adds
 * `null`; new fields may be declared. Such a validator is set at once; a narrower one is applied in order
 * (widened, data steps, a check, final).
 */
export function isWidening(before: JsonSchema, after: JsonSchema): boolean {
  const requiredBefore = new Set((before.required as string[] | undefined) ?? []);
  if (((after.required as string[] | undefined) ?? []).some((field) => !requiredBefore.has(field))) return false;
  const propertiesBefore = (before.properties ?? {}) as Record<string, JsonSchema>;
  const propertiesAfter = (after.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(propertiesBefore).every(([field, schema]) => {
    const now = propertiesAfter[field];
    if (now === undefined) return true; // an undeclared field: anything goes, as the schema is open
    return canonical(now) === canonical(schema) || canonical(now) === canonical(withNull(schema, true));
  });
}

/** A key-order independent text of a schema, for comparisons. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A type as a MongoDB user thinks of it, for step names and messages: `string`, `number`, `enum role`, `object`. */
export function describeFieldType(type: LogicalType): string {
  switch (type.kind) {
    case 'int':
    case 'float':
    case 'decimal':
      return 'number';
    case 'text':
    case 'varchar':
    case 'uuid':
      return 'string';
    case 'timestamp':
      return 'date';
    case 'json':
      return 'object';
    case 'enum':
      return `enum ${type.name}`;
    case 'array':
      return `${describeFieldType(type.element)}[]`;
    case 'custom':
      return type.raw;
    default:
      return type.kind;
  }
}

/** The schema of one field of a collection schema (`{}` when it declares none). */
export function fieldSchemaOf(schema: JsonSchema, field: string): JsonSchema {
  return ((schema.properties ?? {}) as Record<string, JsonSchema>)[field] ?? {};
}

/** The collection schema with `from` declared (and required) as `to`: the documents after a `$rename`. */
export function renameField(schema: JsonSchema, from: string, to: string): JsonSchema {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, value]) =>
    name === from ? [to, value] : [name, value],
  );
  const required = ((schema.required as string[] | undefined) ?? []).map((name) => (name === from ? to : name));
  return { ...schema, ...(required.length > 0 ? { required } : {}), properties: Object.fromEntries(properties) };
}

/** The collection schema with `field` declared as `fieldSchema`: the documents after a conversion. */
export function replaceField(schema: JsonSchema, field: string, fieldSchema: JsonSchema): JsonSchema {
  return { ...schema, properties: { ...((schema.properties ?? {}) as Record<string, JsonSchema>), [field]: fieldSchema } };
}

/** The collection schema without `field`: the documents after an `$unset`. */
export function removeField(schema: JsonSchema, field: string): JsonSchema {
  const { [field]: _removed, ...properties } = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = ((schema.required as string[] | undefined) ?? []).filter((name) => name !== field);
  const { required: _required, properties: _properties, ...rest } = schema;
  return { ...rest, ...(required.length > 0 ? { required } : {}), properties };
}
