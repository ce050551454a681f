import { type EnumModel, type LogicalType, type SqlPart, conversionRule, findEnum, sqlStringLiteral } from '@gati-framework/migrations';
import { postgresqlTypeMapping } from './postgresql-type-mapping';

/** A number as text: digits with an optional fraction and exponent (not NaN, not Infinity). */
const NUMBER = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$';
/** An ISO 8601 date, with a time and a zone or without; which days a month has is checked apart. */
const TIMESTAMP =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,6})?)?)?( ?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?))?$';
const UUID = '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$';
const BOOLEAN_WORDS = "('true', 't', 'yes', 'y', 'on', '1', 'false', 'f', 'no', 'n', 'off', '0')";
const RANGE: Readonly<Record<'int' | 'bigint', readonly [string, string]>> = {
  int: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};
const NUMERIC_KINDS = new Set<LogicalType['kind']>(['int', 'bigint', 'decimal', 'float']);

/**
 * PostgreSQL's total conversion of a value (see `TypeMapping.convertValue`): CASE expressions that test the value
 * before they cast it, nested where a test could itself fail (PostgreSQL does not promise to evaluate the
 * operands of AND in order), so that no value raises an error and every value that does not convert as it is
 * gives NULL. Text is read trimmed. A JSON array becomes an array of its elements, and an array a JSON array (each
 * element cast, unchecked: the conversion is marked for review). JSON is the exception: PostgreSQL 15 has no test of JSON text in SQL, so a
 * conversion to jsonb is a plain cast, and invalid JSON stops the migration with the database's own error.
 *
 * @example
 * ```ts
 * convertPostgresqlValue([{ code: "sql.ref('age')" }], { kind: 'text' }, { kind: 'int' }, []);
 * // CASE WHEN btrim(CAST(age AS text)) ~ '^[+-]?[0-9]+$' THEN CASE WHEN … BETWEEN -2147483648 AND 2147483647 THEN CAST(… AS integer) END END
 * ```
 */
export function convertPostgresqlValue(
  value: readonly SqlPart[],
  from: LogicalType,
  to: LogicalType,
  enums: readonly EnumModel[],
): readonly SqlPart[] {
  const target = postgresqlTypeMapping.castTarget(to, enums);
  const text: SqlPart[] = ['CAST(', ...value, ' AS text)'];
  const trimmed: SqlPart[] = ['btrim(', ...text, ')'];
  const numeric = NUMERIC_KINDS.has(from.kind);
  // An enum label casts to nothing but text: it goes through text to anything else.
  const source: SqlPart[] = from.kind === 'enum' && to.kind !== 'text' ? text : [...value];
  // JSON and arrays have no cast between them: an array of a JSON array's elements (NULL for another document), and
  // a JSON array of an array's elements.
  if (from.kind === 'json' && to.kind === 'array') {
    return [
      'CASE WHEN jsonb_typeof(CAST(',
      ...value,
      " AS jsonb)) = 'array' THEN ARRAY(SELECT CAST(e.item AS ",
      postgresqlTypeMapping.castTarget(to.element, enums),
      ') FROM jsonb_array_elements_text(CAST(',
      ...value,
      ' AS jsonb)) WITH ORDINALITY AS e(item, n) ORDER BY e.n) END',
    ];
  }
  if (from.kind === 'array' && to.kind === 'json') return ['to_jsonb(', ...value, ')'];
  switch (conversionRule(from, to)) {
    case 'cast':
    case 'unknown':
    case 'json':
      return ['CAST(', ...source, ` AS ${target})`];
    case 'integer': {
      const [lo, hi] = RANGE[to.kind as 'int' | 'bigint'];
      if (from.kind === 'float' || from.kind === 'decimal') {
        return [
          'CASE WHEN ',
          ...value,
          ' = trunc(',
          ...value,
          ') AND ',
          ...value,
          ` BETWEEN ${lo} AND ${hi} THEN CAST(`,
          ...value,
          ` AS ${target}) END`,
        ];
      }
      if (numeric) return ['CASE WHEN ', ...value, ` BETWEEN ${lo} AND ${hi} THEN CAST(`, ...value, ` AS ${target}) END`];
      const n: SqlPart[] = ['CAST(', ...trimmed, ' AS numeric)'];
      return [
        'CASE WHEN ',
        ...trimmed,
        " ~ '^[+-]?[0-9]+$' THEN CASE WHEN ",
        ...n,
        ` BETWEEN ${lo} AND ${hi} THEN CAST(`,
        ...trimmed,
        ` AS ${target}) END END`,
      ];
    }
    case 'number': {
      if (to.kind === 'float') {
        if (numeric)
          return [
            'CASE WHEN CAST(CAST(',
            ...value,
            ' AS double precision) AS numeric) = ',
            ...value,
            ' THEN CAST(',
            ...value,
            ' AS double precision) END',
          ];
        return [
          'CASE WHEN ',
          ...trimmed,
          ` ~ '${NUMBER}' THEN CASE WHEN abs(CAST(`,
          ...trimmed,
          ' AS numeric)) < 1e308 THEN CAST(',
          ...trimmed,
          ' AS double precision) END END',
        ];
      }
      const { precision, scale } = to as Extract<LogicalType, { kind: 'decimal' }>;
      const fits = (n: readonly SqlPart[]): SqlPart[] => [
        ...n,
        ' = round(',
        ...n,
        `, ${scale}) AND abs(`,
        ...n,
        `) < 1e${precision - scale}`,
      ];
      if (numeric) {
        const n: SqlPart[] = ['CAST(', ...value, ' AS numeric)'];
        return ['CASE WHEN ', ...fits(n), ' THEN CAST(', ...n, ` AS ${target}) END`];
      }
      const n: SqlPart[] = ['CAST(', ...trimmed, ' AS numeric)'];
      return ['CASE WHEN ', ...trimmed, ` ~ '${NUMBER}' THEN CASE WHEN `, ...fits(n), ' THEN CAST(', ...n, ` AS ${target}) END END`];
    }
    case 'boolean':
      if (numeric) return ['CASE WHEN ', ...value, ' IN (0, 1) THEN ', ...value, ' = 1 END'];
      return ['CASE WHEN lower(', ...trimmed, `) IN ${BOOLEAN_WORDS} THEN CAST(`, ...trimmed, ' AS boolean) END'];
    case 'timestamp': {
      if (numeric || from.kind === 'boolean') return [`CAST(NULL AS ${target})`];
      const part = (start: number, length: number): SqlPart[] => ['CAST(substr(', ...trimmed, `, ${start}, ${length}) AS int)`];
      const lastDay: SqlPart[] = [
        "extract(day FROM date_trunc('month', make_date(",
        ...part(1, 4),
        ', ',
        ...part(6, 2),
        ", 1)) + interval '1 month - 1 day')",
      ];
      return [
        'CASE WHEN ',
        ...trimmed,
        ` ~ '${TIMESTAMP}' AND substr(`,
        ...trimmed,
        ", 1, 4) <> '0000' THEN CASE WHEN ",
        ...part(9, 2),
        ' <= ',
        ...lastDay,
        ' THEN CAST(',
        ...trimmed,
        ` AS ${target}) END END`,
      ];
    }
    case 'length': {
      const length = (to as Extract<LogicalType, { kind: 'varchar' }>).length;
      return ['CASE WHEN char_length(', ...text, `) <= ${length} THEN CAST(`, ...text, ` AS ${target}) END`];
    }
    case 'uuid':
      return ['CASE WHEN ', ...trimmed, ` ~* '${UUID}' THEN CAST(`, ...trimmed, ` AS ${target}) END`];
    case 'label': {
      const labels = findEnum({ tables: [], enums }, (to as Extract<LogicalType, { kind: 'enum' }>).name)?.values ?? [];
      if (labels.length === 0) return [`CAST(NULL AS ${target})`];
      return ['CASE WHEN ', ...text, ` IN (${labels.map(sqlStringLiteral).join(', ')}) THEN CAST(`, ...text, ` AS ${target}) END`];
    }
  }
}
