import type { LogicalType } from './logical-type';

/** A column default: a literal value, or a SQL expression written as it should reach the database. */
export type DefaultValue =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'sql'; readonly expression: string };

export interface ColumnModel {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable: boolean;
  readonly default?: DefaultValue;
  /** identity / autoincrement */
  readonly generated?: boolean;
  /** The name this column had before, from `@renamedFrom`: a hint for the diff, never stored in a snapshot. */
  readonly renamedFrom?: string;
}

export interface IndexModel {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
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
  readonly name: string;
  /** Schema qualifier (`schema.table` keys of a Kysely DB interface); undefined means the default schema. */
  readonly schema?: string;
  readonly columns: readonly ColumnModel[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly IndexModel[];
  readonly foreignKeys: readonly ForeignKeyModel[];
  /** The name this table had before, from `@renamedFrom`: a hint for the diff, never stored in a snapshot. */
  readonly renamedFrom?: string;
}

export interface EnumModel {
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

/** The model without diff hints (`renamedFrom`), sorted by name: what a snapshot stores. */
export function normalizeSchema(schema: SchemaModel): SchemaModel {
  const tables = [...schema.tables]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ renamedFrom: _hint, ...table }) => ({
      ...table,
      columns: table.columns.map(({ renamedFrom: _columnHint, ...column }) => column),
      indexes: [...table.indexes].sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: [...table.foreignKeys].sort((a, b) => a.name.localeCompare(b.name)),
    }));
  const enums = [...schema.enums].sort((a, b) => a.name.localeCompare(b.name));
  return deepFreeze({ tables, enums });
}
