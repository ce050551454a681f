import type { LogicalType } from './logical-type';
import { compareCodePoints } from './code-point-order';

/** A column default: a literal value, or a SQL expression written as it should reach the database. */
export type DefaultValue =
  { readonly kind: 'literal'; readonly value: string | number | boolean | null } | { readonly kind: 'sql'; readonly expression: string };

export interface ColumnModel {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable: boolean;
  readonly default?: DefaultValue;
  /** identity / autoincrement */
  readonly generated?: boolean;
  /** The name this column had before, from `@renamedFrom`: a hint for the diff, never stored in a snapshot. */
  readonly renamedFrom?: string;
  /** What a Kysely DB interface left unsaid about the column: a hint for `generate`, never stored in a snapshot. */
  readonly unspecified?: UnspecifiedColumnParts;
}

/**
 * The parts of a column that a Kysely database interface cannot spell (its TypeScript types say `string`, not
 * `varchar(80)` or `uuid`, and `Generated<T>` says that the database fills a value in, not which). `generate`
 * takes them from the last snapshot where that fits; see `completeFromSnapshot`.
 */
export interface UnspecifiedColumnParts {
  /** No tag chose the type: it is the plain reading of the TypeScript type. */
  readonly type: boolean;
  /** `Generated<T>` without `@default`: the default (or identity) is the reader's guess, or none. */
  readonly default: boolean;
  /** Where the column is declared (`src/db/types.ts:12`), for messages. */
  readonly at: string;
}

/** The parts of a table that a Kysely database interface left unsaid (no tag names them). */
export interface UnspecifiedTableParts {
  /** No `@primaryKey`: the key is the reader's guess (a column named `id`), or none. */
  readonly primaryKey: boolean;
  /** No `@unique` or `@index`. */
  readonly indexes: boolean;
  /** No `@references`. */
  readonly foreignKeys: boolean;
  /** Where the table is declared (`src/db/types.ts:40`), for messages. */
  readonly at: string;
}

export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
  /** Documents expire this many seconds after the date in the (single) indexed field: MongoDB's TTL index. */
  readonly expireAfterSeconds?: number;
}

/**
 * Options of a document collection that cannot change once it exists (JSDoc tags on the entity type, read for
 * document databases only): `@collation en` (a locale, or the collation as JSON), `@timeSeries timeField` (or
 * `timeField, metaField, granularity`), `@clustered`.
 */
export interface CollectionOptions {
  readonly collation?: string;
  readonly timeSeries?: string;
  readonly clustered?: boolean;
}

export type ReferentialAction = 'cascade' | 'set null' | 'restrict' | 'no action';

export interface ForeignKeyModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: string;
  readonly referencedColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
}

export interface TableModel {
  /** The table's name, `schema.table` outside the default schema (see `qualified-name.ts`). */
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  /** Document databases only: the options a collection is created with, fixed after that. */
  readonly collectionOptions?: CollectionOptions;
  /** The name this table had before, from `@renamedFrom`: a hint for the diff, never stored in a snapshot. */
  readonly renamedFrom?: string;
  /** What a Kysely DB interface left unsaid about the table: a hint for `generate`, never stored in a snapshot. */
  readonly unspecified?: UnspecifiedTableParts;
}

export interface EnumModel {
  /** The type's name, `schema.name` outside the default schema (where the dialect has named enum types). */
  readonly name: string;
  readonly values: readonly string[];
}

/** The whole database schema as the entity types describe it. Plain, frozen data. */
export interface SchemaModel {
  readonly tables: readonly TableModel[];
  readonly enums: readonly EnumModel[];
}

export const EMPTY_SCHEMA: SchemaModel = Object.freeze({ tables: Object.freeze([]), enums: Object.freeze([]) });

export function findTable(schema: SchemaModel, name: string): TableModel | undefined {
  return schema.tables.find((t) => t.name === name);
}

export function findColumn(table: TableModel, name: string): ColumnModel | undefined {
  return table.columns.find((c) => c.name === name);
}

export function findEnum(schema: SchemaModel, name: string): EnumModel | undefined {
  return schema.enums.find((e) => e.name === name);
}

/** Deep-freezes a value built from plain objects and arrays, and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The model without hints (`renamedFrom`, `unspecified`), sorted by name: what a snapshot stores. */
export function normalizeSchema(schema: SchemaModel): SchemaModel {
  const tables = [...schema.tables]
    .sort((a, b) => compareCodePoints(a.name, b.name))
    .map(({ renamedFrom: _hint, unspecified: _unspecified, ...table }) => ({
      ...table,
      columns: table.columns.map(({ renamedFrom: _columnHint, unspecified: _columnUnspecified, ...column }) => column),
      indexes: [...table.indexes].sort((a, b) => compareCodePoints(a.name, b.name)),
      foreignKeys: [...table.foreignKeys].sort((a, b) => compareCodePoints(a.name, b.name)),
    }));
  const enums = [...schema.enums].sort((a, b) => compareCodePoints(a.name, b.name));
  return deepFreeze({ tables, enums });
}
