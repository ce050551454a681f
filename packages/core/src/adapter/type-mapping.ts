import type { EnumModel, LogicalType } from '../model';

/** How a dialect spells the model's types. */
export interface TypeMapping {
  /** The column type in DDL: `varchar(255)`, `timestamptz`, `enum('a','b')`, `text`. */
  columnType(type: LogicalType, enums: readonly EnumModel[]): string;
  /** The target of `CAST(x AS …)` when converting a column's data to `type`. */
  castTarget(type: LogicalType, enums: readonly EnumModel[]): string;
  /**
   * The type a value of `type` is cast to first, when it converts to another type and cannot be cast there
   * directly (PostgreSQL: an enum label casts to nothing but text). Optional: without it, cast directly.
   */
  castVia?(type: LogicalType, enums: readonly EnumModel[]): string | undefined;
  /** The TypeScript type of a selected value, for the typed `db` of generated migrations. */
  tsType(type: LogicalType, enums: readonly EnumModel[]): string;
  /** A literal default as this dialect writes it (`true` -> `1` on SQLite). */
  literal(value: string | number | boolean | null, type: LogicalType): string;
  /**
   * The dialect's spelling of a SQL default expression for a column of `type`, when it differs from what the
   * user wrote (MySQL wants `CURRENT_TIMESTAMP(3)` on a `datetime(3)`). Optional: without it, as written.
   */
  defaultExpression?(expression: string, type: LogicalType): string;
}
