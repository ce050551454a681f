import { sqlStringLiteral } from '../adapter/sql-string-literal';
import type { ColumnModel, DefaultValue, EnumModel, LogicalType } from '../model';
import type { Operation } from './change-set';

/**
 * What the rows that exist get in a column that becomes NOT NULL: a literal (written in the dialect's spelling)
 * or a SQL expression, written as it should reach the database (it may name other columns of the row).
 */
export type BackfillValue = DefaultValue;

/**
 * A column that becomes NOT NULL on a table that may already have rows, and that no default fills: a NOT NULL
 * column added without a default (`add`), or a nullable column made NOT NULL (`not-null`, whose rows holding
 * NULL need a value first).
 */
export interface BackfillCandidate {
  readonly reason: 'add' | 'not-null';
  /** The table's name when the operation runs (after any rename). */
  readonly table: string;
  /** The column as it is after the change. */
  readonly column: ColumnModel;
}

/**
 * Decides the value of a {@link BackfillCandidate} that its default does not settle: `--backfill` flags, a
 * terminal prompt, a stub in tests. Undefined: no answer (the caller stops and says how to give one).
 */
export interface BackfillResolver {
  /** Asked for a candidate that nothing else settles. */
  backfill(candidate: BackfillCandidate): BackfillValue | undefined | Promise<BackfillValue | undefined>;
  /** Asked first for every candidate: an explicit value (a flag) that wins over the column's default. */
  override?(candidate: BackfillCandidate): BackfillValue | undefined;
}

/**
 * Whether applying `op` to a table that has rows needs a value for them: a NOT NULL column added without a
 * default (nor identity), or a nullable column made NOT NULL. A new table's columns never do: it has no rows.
 *
 * @example
 * backfillCandidate({ kind: 'addColumn', table: 'users', column: { name: 'age', type: { kind: 'int' }, nullable: false } });
 * // { reason: 'add', table: 'users', column: { name: 'age', … } }
 */
export function backfillCandidate(op: Operation): BackfillCandidate | undefined {
  if (op.kind === 'addColumn') {
    const { column } = op;
    if (column.nullable || column.generated || hasDefault(column)) return undefined;
    return { reason: 'add', table: op.table, column };
  }
  if (op.kind === 'alterColumn' && op.from.nullable && !op.to.nullable && !op.to.generated) {
    return { reason: 'not-null', table: op.table, column: op.to };
  }
  return undefined;
}

/** The value a candidate gets without asking: the column's own default, which fills the NULLs of existing rows. */
export function implicitBackfill(candidate: BackfillCandidate): BackfillValue | undefined {
  return hasDefault(candidate.column) ? candidate.column.default : undefined;
}

/**
 * The backfill of every operation that needs one, by operation: the resolver's override (a flag), else the
 * column's default, else the resolver's answer. Candidates left without a value are not in the map; the resolver
 * knows which it could not answer.
 */
export async function resolveBackfills(
  operations: readonly Operation[],
  resolver: BackfillResolver,
): Promise<Map<Operation, BackfillValue>> {
  const values = new Map<Operation, BackfillValue>();
  for (const op of operations) {
    const candidate = backfillCandidate(op);
    if (!candidate) continue;
    const value = resolver.override?.(candidate) ?? implicitBackfill(candidate) ?? (await resolver.backfill(candidate));
    if (value !== undefined) values.set(op, value);
  }
  return values;
}

const UUID_ZERO = '00000000-0000-0000-0000-000000000000';

/**
 * A value of the type to put in rows that must hold one and whose real value is gone: what a down writes into a
 * NOT NULL column it adds back (the up dropped it, with its values). `0`, `false`, `''` (also no bytes), the
 * epoch, `{}`, an empty array (`[]`, which each dialect spells: `'{}'` for a PostgreSQL array), the nil UUID, an
 * enum's first value. Undefined for a type whose values the model does not know (custom).
 *
 * @example
 * placeholderValue({ kind: 'varchar', length: 80 }, []); // { kind: 'literal', value: '' }
 */
export function placeholderValue(type: LogicalType, enums: readonly EnumModel[]): BackfillValue | undefined {
  switch (type.kind) {
    case 'int':
    case 'bigint':
    case 'decimal':
    case 'float':
      return { kind: 'literal', value: 0 };
    case 'boolean':
      return { kind: 'literal', value: false };
    case 'text':
    case 'varchar':
      return { kind: 'literal', value: '' };
    case 'timestamp':
      return { kind: 'literal', value: '1970-01-01 00:00:00' };
    case 'json':
      return { kind: 'literal', value: '{}' };
    case 'array':
      // JSON, as the model writes an array's value: each dialect spells it (`'{}'` on PostgreSQL, `'[]'` elsewhere).
      return { kind: 'literal', value: '[]' };
    case 'binary':
      return { kind: 'literal', value: '' };
    case 'uuid':
      return { kind: 'literal', value: UUID_ZERO };
    case 'enum': {
      const first = enums.find((e) => e.name === type.name)?.values[0];
      return first === undefined ? undefined : { kind: 'literal', value: first };
    }
    case 'custom':
      return undefined;
  }
}

/** `0`, `'unknown'`, `now()`: a backfill as a reader of SQL expects to see it. */
export function describeBackfill(value: BackfillValue): string {
  if (value.kind === 'sql') return value.expression;
  return typeof value.value === 'string' ? sqlStringLiteral(value.value) : String(value.value);
}

function hasDefault(column: ColumnModel): boolean {
  return column.default !== undefined && !(column.default.kind === 'literal' && column.default.value === null);
}
