import { type ColumnSpec, type SchemaSpec, type TableSpec, columnById, tableById } from './schema-spec';

/** The random material of one row: one cell per column position. */
export type RawRow = readonly RawCell[];
export interface RawCell {
  readonly int: number;
  readonly text: string;
  readonly bool: boolean;
  readonly ms: number;
  readonly pick: number;
  readonly isNull: boolean;
}

export type Value = string | number | boolean | null;
export type SpecRow = Readonly<Record<string, Value>>;

/** Rows of each table of `before`, in the order of its tables (a referenced table comes first), by table id. */
export type SeedRows = ReadonlyMap<string, readonly SpecRow[]>;

/** The key of row `i` of a table. */
export function rowId(table: TableSpec, i: number): string | number {
  return table.idKind === 'int' ? i + 1 : `k${i}`;
}

/**
 * Rows valid for `before` that the change can carry without a data-loss decision: a column that becomes NOT NULL
 * holds no NULL, one that becomes an int holds whole numbers, an enum only values both sides have, a unique
 * column distinct values, a reference a row of its table (or NULL).
 */
export function seedRows(before: SchemaSpec, after: SchemaSpec, raw: readonly (readonly RawRow[])[]): SeedRows {
  const rows = new Map<string, SpecRow[]>();
  before.tables.forEach((table, t) => {
    const later = tableById(after, table.id);
    rows.set(
      table.id,
      (raw[t] ?? []).map((cells, i) => {
        const row: Record<string, Value> = { id: rowId(table, i) };
        table.columns.forEach((column, c) => {
          const next = later && columnById(later, column.id);
          row[column.name] = cellValue(column, next, cells[c]!, i, (id) => rows.get(id) ?? []);
        });
        return row;
      }),
    );
  });
  return rows;
}

function cellValue(
  column: ColumnSpec,
  next: ColumnSpec | undefined,
  cell: RawCell,
  i: number,
  rowsOf: (tableId: string) => readonly SpecRow[],
): Value {
  const mayBeNull = column.nullable && (next === undefined || next.nullable);
  if (column.references !== undefined) {
    const parents = rowsOf(column.references);
    if (parents.length === 0 || (mayBeNull && cell.isNull)) return null;
    return parents[cell.pick % parents.length]!.id!;
  }
  if (mayBeNull && cell.isNull) return null;
  const unique = column.index === 'unique' || next?.index === 'unique';
  const distinctInt = unique ? i * 10_000 + (Math.abs(cell.int) % 10_000) : cell.int;
  switch (column.kind) {
    case 'string':
      if (next?.kind === 'int') return String(distinctInt);
      if (next?.kind === 'enum') return next.values![cell.pick % next.values!.length]!;
      return unique ? `${i}-${cell.text}` : cell.text;
    case 'int':
      return distinctInt;
    case 'boolean':
      return cell.bool;
    case 'timestamp':
      return new Date(cell.ms).toISOString();
    case 'enum': {
      const values = next?.kind === 'enum' ? column.values!.filter((v) => next.values!.includes(v)) : column.values!;
      return values[cell.pick % values.length]!;
    }
  }
}
