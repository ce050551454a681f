import type * as ts from 'typescript';

/** The selected and inserted types of a Kysely `ColumnType<S, I, U>`. */
export interface ColumnTypeParts {
  /** `S`: the type a select returns */
  readonly select: ts.Type;
  /** `I`: the type an insert takes */
  readonly insert: ts.Type;
}

const SELECT = '__select__';
const INSERT = '__insert__';

/**
 * `S` and `I` of a type of Kysely's `ColumnType<S, I, U>` shape, `{ __select__, __insert__, __update__ }`
 * (null and undefined around it ignored), wherever and however it is declared; else undefined.
 */
export function columnTypeParts(checker: ts.TypeChecker, type: ts.Type): ColumnTypeParts | undefined {
  const core = checker.getNonNullableType(type);
  const select = core.getProperty(SELECT);
  const insert = core.getProperty(INSERT);
  if (!select || !insert) return undefined;
  return { select: checker.getTypeOfSymbol(select), insert: checker.getTypeOfSymbol(insert) };
}
