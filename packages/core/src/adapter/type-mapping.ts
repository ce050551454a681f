import type { SqlPart } from '../emitter/code-literals';
import type { EnumModel, LogicalType } from '../model';

/** How a dialect spells the model's types. */
export interface TypeMapping {
  /** The column type in DDL: `varchar(255)`, `timestamptz`, `enum('a','b')`, `text`. */
  columnType(type: LogicalType, enums: readonly EnumModel[]): string;
  /** The target of `CAST(x AS …)` when converting a column's data to `type`. */
  castTarget(type: LogicalType, enums: readonly EnumModel[]): string;
  /**
   * A total conversion of `value` from `from` to `to`, as raw SQL parts (`value` stands for the column): the value
   * converted where it converts as it is (see `conversionRule`: a whole number in range, a number the target holds
   * exactly, true or false, a date and time that exists, text short enough, …), NULL where it does not, and never
   * an error, so that a check can name the rows that do not convert before anything changes, and a reviewer can
   * map them. Optional: without it, `CAST(value AS castTarget)`.
   */
  convertValue?(value: readonly SqlPart[], from: LogicalType, to: LogicalType, enums: readonly EnumModel[]): readonly SqlPart[];
  /** The TypeScript type of a selected value, for the typed `db` of generated migrations. */
  tsType(type: LogicalType, enums: readonly EnumModel[]): string;
  /**
   * A literal default as this dialect writes it (`true` -> `1` on SQLite). An array's value is JSON text in the
   * model (`'[]'`, `'["a","b"]'`), which a dialect with native arrays spells its own way (`'{a,b}'`).
   */
  literal(value: string | number | boolean | null, type: LogicalType): string;
  /**
   * The dialect's spelling of a SQL default expression for a column of `type`, when it differs from what the
   * user wrote (MySQL wants `CURRENT_TIMESTAMP(3)` on a `datetime(3)`). Optional: without it, as written.
   */
  defaultExpression?(expression: string, type: LogicalType): string;
}
