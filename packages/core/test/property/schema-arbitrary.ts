import fc from 'fast-check';
import { EDIT_KINDS, type EditChoice, type EditedSchema, applyEdits } from './schema-edits';
import { type RawRow, type SeedRows, seedRows } from './seed-rows';
import {
  COLUMN_NAMES,
  type ColumnKind,
  type ColumnSpec,
  ENUM_VALUES,
  MAX_COLUMNS,
  type SchemaSpec,
  TABLE_NAMES,
  defaultFor,
} from './schema-spec';

/** One generated case: a schema, a change to it, and rows in the tables of `before`. */
export interface PropertyCase extends EditedSchema {
  readonly before: SchemaSpec;
  readonly rows: SeedRows;
}

const KINDS: readonly ColumnKind[] = ['string', 'int', 'boolean', 'timestamp', 'enum'];

/** A column before any edit: what to pick, decided by small numbers (so that fast-check shrinks it well). */
const columnChoice = fc.record({
  kind: fc.nat({ max: KINDS.length - 1 }),
  nullable: fc.boolean(),
  withDefault: fc.boolean(),
  index: fc.constantFrom(undefined, 'index', 'unique'),
  variant: fc.nat({ max: 11 }),
  /** 0: a plain column; n > 0: references the (n-1)th earlier table. */
  reference: fc.nat({ max: 2 }),
});

const tableChoice = fc.record({
  intId: fc.boolean(),
  columns: fc.array(columnChoice, { minLength: 1, maxLength: 4 }),
});

/** `before`: one to three tables; a column may reference an earlier table (nullable, so rows can leave it empty). */
export const schemaArbitrary: fc.Arbitrary<SchemaSpec> = fc.array(tableChoice, { minLength: 1, maxLength: 3 }).map((choices) => {
  const tables = choices.map((choice, t) => ({
    id: `t${t}`,
    name: TABLE_NAMES[t]!,
    idKind: choice.intId ? ('int' as const) : ('string' as const),
    columns: [] as ColumnSpec[],
  }));
  choices.forEach((choice, t) => {
    tables[t]!.columns = choice.columns.map((c, i): ColumnSpec => {
      const id = `t${t}c${i}`;
      const name = COLUMN_NAMES[i]!;
      const target = c.reference > 0 && t > 0 ? tables[(c.reference - 1) % t] : undefined;
      if (target) return { id, name, kind: target.idKind, nullable: true, references: target.id };
      const kind = KINDS[c.kind]!;
      const values = kind === 'enum' ? ENUM_VALUES.slice(c.variant % 3, (c.variant % 3) + 2 + (c.variant % 2)) : undefined;
      const base: ColumnSpec = { id, name, kind, nullable: c.nullable || kind === 'timestamp', ...(values ? { values } : {}) };
      const unique = c.index === 'unique' && (kind === 'string' || kind === 'int');
      const index = c.index === 'index' || unique ? { index: c.index! } : {};
      const withDefault = c.withDefault && kind !== 'timestamp';
      return { ...base, ...index, ...(withDefault ? { default: defaultFor(base, c.variant) } : {}) };
    });
  });
  return { tables };
});

const editArbitrary: fc.Arbitrary<EditChoice> = fc.record({
  kind: fc.constantFrom(...EDIT_KINDS),
  a: fc.nat({ max: 9 }),
  b: fc.nat({ max: 9 }),
  c: fc.nat({ max: 11 }),
  flag: fc.boolean(),
});

const TEXT = fc.string({ unit: fc.constantFrom(...'abcXYZ019 _-\'"éß'.split('')), maxLength: 10 });
const rawCell = fc.record({
  int: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  text: TEXT,
  bool: fc.boolean(),
  // 2000-01-01 .. 2030-12-31, with milliseconds
  ms: fc.integer({ min: 946_684_800_000, max: 1_924_991_999_999 }),
  pick: fc.nat({ max: 20 }),
  isNull: fc.boolean(),
});
const rawRow: fc.Arbitrary<RawRow> = fc.array(rawCell, { minLength: MAX_COLUMNS, maxLength: MAX_COLUMNS });

/** A schema, one to four edits of it, and up to three rows per table. */
export const propertyCaseArbitrary: fc.Arbitrary<PropertyCase> = fc
  .record({
    before: schemaArbitrary,
    edits: fc.array(editArbitrary, { minLength: 1, maxLength: 4 }),
    raw: fc.array(fc.array(rawRow, { maxLength: 3 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ before, edits, raw }) => {
    const edited = applyEdits(before, edits);
    return { before, ...edited, rows: seedRows(before, edited.after, raw) };
  });
