import type { SeedRows, SpecRow, Value } from './seed-rows';
import { type ColumnKind, type SchemaSpec, type TableSpec, columnById, tableById } from './schema-spec';

/** What a table must hold, by table name: its rows over the columns that are compared. */
export type ExpectedRows = ReadonlyMap<string, { readonly columns: readonly string[]; readonly rows: readonly SpecRow[] }>;

/**
 * The rows of `after` once the change is applied: each seeded row under its new names, a converted column's value
 * converted (int <-> text, enum <-> text), a new column's default (or NULL), a new table empty.
 */
export function rowsAfterUp(before: SchemaSpec, after: SchemaSpec, seeds: SeedRows): ExpectedRows {
  const expected = new Map<string, { columns: string[]; rows: SpecRow[] }>();
  for (const table of after.tables) {
    const old = tableById(before, table.id);
    const rows = (old ? seeds.get(old.id)! : []).map((seed) => {
      const row: Record<string, Value> = { id: seed.id! };
      for (const column of table.columns) {
        const original = old && columnById(old, column.id);
        row[column.name] = original ? converted(seed[original.name]!, column.kind) : (column.default ?? null);
      }
      return row;
    });
    expected.set(table.name, { columns: ['id', ...table.columns.map((c) => c.name)], rows });
  }
  return expected;
}

/**
 * The rows of `before` once the change is rolled back: the seeded rows over the columns the change kept (a
 * dropped column comes back without its values, a dropped table empty).
 */
export function rowsAfterDown(before: SchemaSpec, after: SchemaSpec, seeds: SeedRows): ExpectedRows {
  const expected = new Map<string, { columns: string[]; rows: SpecRow[] }>();
  for (const table of before.tables) {
    const later = tableById(after, table.id);
    const kept = table.columns.filter((column) => later && columnById(later, column.id)).map((c) => c.name);
    const columns = ['id', ...kept];
    const rows = later ? seeds.get(table.id)!.map((seed) => Object.fromEntries(columns.map((name) => [name, seed[name]!]))) : [];
    expected.set(table.name, { columns, rows });
  }
  return expected;
}

function converted(value: Value, kind: ColumnKind): Value {
  if (value === null) return null;
  if (kind === 'string' || kind === 'enum') return String(value);
  if (kind === 'int') return Number(value);
  return value;
}

/**
 * A row as a driver returns it, in the model's values: booleans from 1 / 0, timestamps from a Date or text as
 * ISO instants, integers from text or bigint; only the compared columns.
 */
export function normalizeRow(table: TableSpec, columns: readonly string[], row: Readonly<Record<string, unknown>>): SpecRow {
  return Object.fromEntries(
    columns.map((name) => {
      const column = name === 'id' ? undefined : table.columns.find((c) => c.name === name);
      const kind: ColumnKind = column ? column.kind : table.idKind;
      return [name, normalizeValue(kind, row[name])];
    }),
  );
}

function normalizeValue(kind: ColumnKind, value: unknown): Value {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int':
      return Number(value);
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't';
    case 'timestamp':
      return new Date(value instanceof Date ? value : String(value)).toISOString();
    default:
      return String(value);
  }
}

/** Rows in a stable order (by id), for comparing sets of rows. */
export function byId(rows: readonly SpecRow[]): SpecRow[] {
  return [...rows].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}
