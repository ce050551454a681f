import type { CollectionOptions } from '@gati-framework/migrations';
import { type MongoIndex, indexKeys } from './mongodb-indexes';
import type { JsonSchema } from './mongodb-validator';

/*
 * The statements of generated MongoDB steps, over the step's `db` (the driver's `Db`) and `ctx`
 * (`MongoStepContext`). Values are written as JSON literals (prettier makes them the file's style); every call
 * passes `ctx.session`.
 */

/** Code that a literal holds as it is: the name of a constant the file declares (`usersAfter`). */
export class RawCode {
  constructor(readonly code: string) {}
}

/** A JavaScript literal of a plain value, with each `RawCode` in it written as its code. */
export function lit(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, inner: unknown) =>
    inner instanceof RawCode ? `\u0000${raws.push(inner.code) - 1}\u0000` : inner,
  );
  return text.replace(/"\\u0000(\d+)\\u0000"/g, (_match, index: string) => raws[Number(index)]!);
}

/** A validator document: one `$jsonSchema`. */
export function validatorDocument(schema: JsonSchema | RawCode): JsonSchema {
  return { $jsonSchema: schema };
}

/**
 * The widened validator of a narrowing change: a document passes when it matches any of `schemas` (the old one,
 * the shape each data step leaves the documents in, the new one), so that every step's updates pass.
 */
export function widenedValidator(schemas: readonly (JsonSchema | RawCode)[]): JsonSchema {
  return schemas.length === 1 ? validatorDocument(schemas[0]!) : { $or: schemas.map((schema) => ({ $jsonSchema: schema })) };
}

/** The options `createCollection` gets from the entity type's collection tags (see CollectionOptions). */
export function creationOptions(options: CollectionOptions | undefined): Record<string, unknown> {
  if (!options) return {};
  const result: Record<string, unknown> = {};
  if (options.collation !== undefined) {
    result.collation = options.collation.trim().startsWith('{') ? JSON.parse(options.collation) : { locale: options.collation.trim() };
  }
  if (options.timeSeries !== undefined) {
    const [timeField, metaField, granularity] = options.timeSeries.split(',').map((part) => part.trim());
    result.timeseries = { timeField, ...(metaField ? { metaField } : {}), ...(granularity ? { granularity } : {}) };
  }
  if (options.clustered) result.clusteredIndex = { key: { _id: 1 }, unique: true };
  return result;
}

/** `db.createCollection(name, { validator, …options })`: explicit, so that the options are set. */
export function createCollectionCode(collection: string, validator: JsonSchema | undefined, options: Record<string, unknown>): string {
  const body = { ...(validator ? { validator } : {}), ...options };
  const entries = Object.keys(body).length > 0 ? `${lit(body).slice(0, -1)}, session: ctx.session }` : '{ session: ctx.session }';
  return `await db.createCollection(${lit(collection)}, ${entries});`;
}

/** Drops a collection with its documents. */
export function dropCollectionCode(collection: string): string {
  return `await db.collection(${lit(collection)}).drop({ session: ctx.session });`;
}

/** `db.renameCollection(from, to)`: documents, indexes and validator move with it. */
export function renameCollectionCode(from: string, to: string): string {
  return `await db.renameCollection(${lit(from)}, ${lit(to)}, { session: ctx.session });`;
}

/** `collMod` with a new validator (MongoDB does not check the documents already there). */
export function setValidatorCode(collection: string, validator: JsonSchema): string {
  return `await db.command({ collMod: ${lit(collection)}, validator: ${lit(validator)} }, { session: ctx.session });`;
}

/** `createIndex` with the keys and options; `name` is only what the database calls it. */
export function createIndexCode(collection: string, index: MongoIndex): string {
  const options = {
    name: index.name,
    ...(index.unique ? { unique: true } : {}),
    ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
  };
  return `await db.collection(${lit(collection)}).createIndex(${lit(indexKeys(index))}, ${lit(options).slice(0, -1)}, session: ctx.session });`;
}

/** Drops the index with these keys, whatever the database calls it (an index is known by its keys, not its name). */
export function dropIndexCode(collection: string, index: MongoIndex): string {
  return `await db.command({ dropIndexes: ${lit(collection)}, index: ${lit(indexKeys(index))} }, { session: ctx.session });`;
}

/** `collMod` that changes how long a TTL index keeps documents. */
export function setExpiryCode(collection: string, index: MongoIndex, seconds: number): string {
  return `await db.command({ collMod: ${lit(collection)}, index: { keyPattern: ${lit(indexKeys(index))}, expireAfterSeconds: ${seconds} } }, { session: ctx.session });`;
}

/** A batched `$rename` of the documents that have `from`. */
export function renameFieldCode(collection: string, from: string, to: string): string {
  return `await ctx.updateInBatches(${lit(collection)}, ${lit({ [from]: { $exists: true } })}, ${lit({ $rename: { [from]: to } })});`;
}

/** A batched `$unset` of `field` from the documents that have it. */
export function unsetFieldCode(collection: string, field: string): string {
  return `await ctx.updateInBatches(${lit(collection)}, ${lit({ [field]: { $exists: true } })}, ${lit({ $unset: { [field]: '' } })});`;
}

/** Fills `field` with `value` where a document lacks it (or, `alsoNull`, holds null). */
export function fillFieldCode(collection: string, field: string, value: unknown, alsoNull: boolean): string {
  const filter = alsoNull ? { $or: [{ [field]: { $exists: false } }, { [field]: null }] } : { [field]: { $exists: false } };
  return `await ctx.updateInBatches(${lit(collection)}, ${lit(filter)}, ${lit({ $set: { [field]: value } })});`;
}

/**
 * Converts `field` where it holds one of `fromTypes` to the BSON type `to`, with `$convert`: a value that does
 * not convert is kept as it is, and then the step fails naming the documents that still hold one of `fromTypes`.
 */
export function convertFieldCode(collection: string, field: string, fromTypes: readonly string[], to: string, problem: string): string {
  const filter = { [field]: { $type: fromTypes.length === 1 ? fromTypes[0] : [...fromTypes] } };
  const pipeline = [{ $set: { [field]: { $convert: { input: `$${field}`, to, onError: `$${field}`, onNull: null } } } }];
  return [
    `await ctx.updateInBatches(${lit(collection)}, ${lit(filter)}, ${lit(pipeline)});`,
    `await ctx.failIfAny(${lit(collection)}, ${lit(filter)}, ${lit(problem)}, ${lit([field])});`,
  ].join('\n');
}

/** Fails the step when a document does not match `schema` (the narrower validator about to be set). */
export function checkSchemaCode(collection: string, schema: JsonSchema | RawCode, problem: string, fields: readonly string[]): string {
  return `await ctx.failIfAny(${lit(collection)}, ${lit({ $nor: [{ $jsonSchema: schema }] })}, ${lit(problem)}, ${lit(fields)});`;
}

/** A step body that does nothing, with the reason as a comment. */
export function nothingCode(reason: string): string {
  return `// ${reason}`;
}
