import { type EnumModel, type LogicalType, type SqlPart, conversionRule, findEnum, sqlStringLiteral } from '@gati-framework/migrations';
import { sqliteTypeMapping } from './sqlite-type-mapping';

const TRUE_WORDS = "('true', 't', 'yes', 'y', 'on', '1')";
const FALSE_WORDS = "('false', 'f', 'no', 'n', 'off', '0')";
const NUMERIC_KINDS = new Set<LogicalType['kind']>(['int', 'bigint', 'decimal', 'float', 'boolean']);

/**
 * SQLite's total conversion of a value (see `TypeMapping.convertValue`). SQLite's CAST never fails: it reads the
 * longest number at the start of the text and gives 0 for the rest (`'abc'` and `''` become 0, `'3.9'` becomes 3
 * as an integer), so each conversion tests the value first and gives NULL where it does not convert as it is.
 * Whole numbers: digits with an optional sign, at most 18 of them (SQLite's 64-bit integer); other numbers: text
 * that is a JSON number (after an optional `+`); a number the target holds exactly; a date and time SQLite reads
 * whose day exists.
 *
 * @example
 * ```ts
 * convertSqliteValue([{ code: "sql.ref('age')" }], { kind: 'text' }, { kind: 'int' }, []);
 * // CASE WHEN (trim(CAST(age AS TEXT)) GLOB '[0-9]*' AND … NOT GLOB '*[^0-9]*') OR (…) THEN … CAST(… AS INTEGER) … END
 * ```
 */
export function convertSqliteValue(
  value: readonly SqlPart[],
  from: LogicalType,
  to: LogicalType,
  enums: readonly EnumModel[],
): readonly SqlPart[] {
  const target = sqliteTypeMapping.castTarget(to, enums);
  const trimmed: SqlPart[] = ['trim(CAST(', ...value, ' AS TEXT))'];
  // JSON numbers have no leading +: it is dropped before the text is read as one.
  const unsigned: SqlPart[] = ['CASE WHEN substr(', ...trimmed, ", 1, 1) = '+' THEN substr(", ...trimmed, ', 2) ELSE ', ...trimmed, ' END'];
  const isNumber: SqlPart[] = [
    'CASE WHEN json_valid(',
    ...unsigned,
    ') THEN json_type(',
    ...unsigned,
    ") IN ('integer', 'real') ELSE 0 END",
  ];
  const numeric = NUMERIC_KINDS.has(from.kind);
  switch (conversionRule(from, to)) {
    case 'cast':
    case 'unknown':
      return ['CAST(', ...value, ` AS ${target})`];
    case 'integer': {
      if (numeric) return ['CASE WHEN ', ...value, ' = CAST(', ...value, ' AS INTEGER) THEN CAST(', ...value, ' AS INTEGER) END'];
      const digits: SqlPart[] = ['(', ...trimmed, " GLOB '[0-9]*' AND ", ...trimmed, " NOT GLOB '*[^0-9]*')"];
      const signed: SqlPart[] = ['(', ...trimmed, " GLOB '[+-][0-9]*' AND substr(", ...trimmed, ", 2) NOT GLOB '*[^0-9]*')"];
      return [
        'CASE WHEN (',
        ...digits,
        ' OR ',
        ...signed,
        ') AND length(ltrim(ltrim(',
        ...trimmed,
        ", '+-'), '0')) <= 18 THEN CAST(",
        ...trimmed,
        ' AS INTEGER) END',
      ];
    }
    case 'number': {
      const n: SqlPart[] = numeric ? [...value] : ['CAST(', ...unsigned, ' AS REAL)'];
      const guard: SqlPart[] = numeric ? [] : ['CASE WHEN ', ...isNumber, ' THEN '];
      const close = numeric ? '' : ' END';
      if (to.kind === 'float')
        return [...guard, 'CASE WHEN CAST(', ...n, ' AS REAL) = ', ...n, ' THEN CAST(', ...n, ' AS REAL) END', close];
      const { precision, scale } = to as Extract<LogicalType, { kind: 'decimal' }>;
      return [
        ...guard,
        'CASE WHEN round(',
        ...n,
        `, ${scale}) = `,
        ...n,
        ' AND abs(',
        ...n,
        `) < 1e${precision - scale} THEN CAST(`,
        ...n,
        ` AS ${target}) END`,
        close,
      ];
    }
    case 'boolean':
      if (numeric) return ['CASE WHEN ', ...value, ' IN (0, 1) THEN ', ...value, ' END'];
      return ['CASE WHEN lower(', ...trimmed, `) IN ${TRUE_WORDS} THEN 1 WHEN lower(`, ...trimmed, `) IN ${FALSE_WORDS} THEN 0 END`];
    case 'timestamp':
      if (numeric) return ['NULL'];
      return [
        'CASE WHEN julianday(',
        ...value,
        ') IS NOT NULL AND date(',
        ...value,
        ') = substr(',
        ...value,
        ', 1, 10) THEN ',
        ...value,
        ' END',
      ];
    case 'label': {
      const labels = findEnum({ tables: [], enums }, (to as Extract<LogicalType, { kind: 'enum' }>).name)?.values ?? [];
      if (labels.length === 0) return ['NULL'];
      return ['CASE WHEN ', ...value, ` IN (${labels.map(sqlStringLiteral).join(', ')}) THEN `, ...value, ' END'];
    }
    case 'length':
    case 'json':
    case 'uuid':
      // Stored as text, as the source is: nothing converts, and nothing is checked (SQLite keeps any length).
      return [...value];
  }
}
