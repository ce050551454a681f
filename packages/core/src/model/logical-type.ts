/**
 * A column's type, independent of any database. Each adapter maps it to its own SQL type
 * (see the type table in the README).
 */
export type LogicalType =
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'text' }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'float' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'timestamp' }
  /**
   * JSON: an object, an array of objects, a `Record<…>`. `shape` is its structure as the entity type declares it,
   * read only for document databases (MongoDB's `$jsonSchema` validator); SQL databases store JSON without it.
   */
  | { readonly kind: 'json'; readonly shape?: JsonShape }
  | { readonly kind: 'uuid' }
  /** Bytes: a `Buffer` or `Uint8Array` (`bytea`, `longblob`, `blob`). */
  | { readonly kind: 'binary' }
  /**
   * A list of scalars (`string[]`, `Date[]`): a native array where the database has them (PostgreSQL's
   * `text[]`), else a JSON array. A list of objects is `json`.
   */
  | { readonly kind: 'array'; readonly element: ArrayElementType }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'custom'; readonly raw: string };

/**
 * The structure of a JSON value (a nested object, an array, an open `Record`), as a document database validates
 * it. `nullable`: the value may be `null`.
 */
export type JsonShape = (
  | { readonly kind: 'object'; readonly properties: readonly JsonProperty[] }
  | { readonly kind: 'array'; readonly element: JsonShape }
  /** `Record<string, T>` or an index signature: any keys, each value of `value`'s shape. */
  | { readonly kind: 'record'; readonly value: JsonShape }
  | { readonly kind: 'scalar'; readonly type: JsonScalar }
  /** string literals (`'a' | 'b'`, a string enum) */
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** anything (`unknown`, a tuple, a union of unrelated types): not validated */
  | { readonly kind: 'any' }
) & { readonly nullable?: boolean };

/** A scalar inside JSON. */
export type JsonScalar = 'string' | 'number' | 'bigint' | 'boolean' | 'date' | 'binary';

/** One property of a JSON object: optional (`?`) properties may be absent. */
export interface JsonProperty {
  readonly name: string;
  readonly optional: boolean;
  readonly shape: JsonShape;
}

/**
 * Whether two types are the same, JSON shapes included: what a document database compares (its validator
 * follows the shape); SQL databases compare with `sameType`, for which every JSON is the same.
 */
export function sameDocumentType(a: LogicalType, b: LogicalType): boolean {
  if (!sameType(a, b)) return false;
  if (a.kind !== 'json' || b.kind !== 'json') return true;
  return JSON.stringify(a.shape ?? null) === JSON.stringify(b.shape ?? null);
}

export type LogicalTypeKind = LogicalType['kind'];

/** The kinds an `array` holds: one value each, no JSON, no enum, no nested array. */
export const ARRAY_ELEMENT_KINDS = ['int', 'bigint', 'text', 'varchar', 'decimal', 'float', 'boolean', 'timestamp', 'uuid'] as const;

export type ArrayElementType = Extract<LogicalType, { readonly kind: (typeof ARRAY_ELEMENT_KINDS)[number] }>;

/** Whether a type can be the element of an `array`. */
export function isArrayElementType(type: LogicalType): type is ArrayElementType {
  return (ARRAY_ELEMENT_KINDS as readonly string[]).includes(type.kind);
}

/** `varchar(255)`, `decimal(10,2)`, `enum(order_status)`: a short, stable text for messages and snapshots. */
export function describeType(type: LogicalType): string {
  switch (type.kind) {
    case 'varchar':
      return `varchar(${type.length})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'enum':
      return `enum(${type.name})`;
    case 'custom':
      return type.raw;
    case 'array':
      return `${describeType(type.element)}[]`;
    default:
      return type.kind;
  }
}

export function sameType(a: LogicalType, b: LogicalType): boolean {
  return describeType(a) === describeType(b);
}
