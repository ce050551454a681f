import { type EnumModel, type LogicalType, type SqlPart, conversionRule, findEnum, sqlStringLiteral } from '@gati-framework/migrations';
import { mysqlTypeMapping } from './mysql-type-mapping';

/** A number as text: digits with an optional fraction and exponent. */
const NUMBER = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$';
/**
 * An ISO 8601 date, with a time or without, and no zone (a DATETIME keeps none: a value with a zone is the
 * reviewer's to map); at most milliseconds, which is what `datetime(3)` holds. A day its month does not have
 * casts to NULL.
 */
const DATETIME = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,3})?)?)?$';
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const TRUE_WORDS = "('true', 't', 'yes', 'y', 'on', '1')";
const FALSE_WORDS = "('false', 'f', 'no', 'n', 'off', '0')";
const RANGE: Readonly<Record<'int' | 'bigint', readonly [string, string]>> = {
  int: ['-2147483648', '2147483647'],
  bigint: ['-9223372036854775808', '9223372036854775807'],
};
const NUMERIC_KINDS = new Set<LogicalType['kind']>(['int', 'bigint', 'decimal', 'float', 'boolean']);

/**
 * MySQL's (and MariaDB's) total conversion of a value (see `TypeMapping.convertValue`): CASE expressions that
 * test the value before they cast it (MySQL evaluates a CASE's branches in order, and only the one taken), so
 * that every value that does not convert as it is gives NULL, and no cast can warn (which strict mode would turn
 * into an error in the UPDATE). Text is read trimmed; enum labels and UUIDs compare exactly (`BINARY`), not by
 * the column's case-insensitive collation.
 *
 * @example
 * ```ts
 * convertMysqlValue([{ code: "sql.ref('age')" }], { kind: 'varchar', length: 255 }, { kind: 'int' }, []);
 * // CASE WHEN TRIM(CAST(age AS CHAR)) REGEXP '^[+-]?[0-9]+$' THEN CASE WHEN … BETWEEN -2147483648 AND 2147483647 THEN CAST(… AS SIGNED) END END
 * ```
 */
export function convertMysqlValue(
  value: readonly SqlPart[],
  from: LogicalType,
  to: LogicalType,
  enums: readonly EnumModel[],
): readonly SqlPart[] {
  const target = mysqlTypeMapping.castTarget(to, enums);
  const text: SqlPart[] = ['CAST(', ...value, ' AS CHAR)'];
  const trimmed: SqlPart[] = ['TRIM(', ...text, ')'];
  const numeric = NUMERIC_KINDS.has(from.kind);
  switch (conversionRule(from, to)) {
    case 'cast':
    case 'unknown':
      return ['CAST(', ...value, ` AS ${target})`];
    case 'integer': {
      const [lo, hi] = RANGE[to.kind as 'int' | 'bigint'];
      if (from.kind === 'float' || from.kind === 'decimal') {
        return [
          'CASE WHEN ',
          ...value,
          ' = TRUNCATE(',
          ...value,
          ', 0) AND ',
          ...value,
          ` BETWEEN ${lo} AND ${hi} THEN CAST(`,
          ...value,
          ' AS SIGNED) END',
        ];
      }
      if (numeric) return ['CASE WHEN ', ...value, ` BETWEEN ${lo} AND ${hi} THEN CAST(`, ...value, ' AS SIGNED) END'];
      return [
        'CASE WHEN ',
        ...trimmed,
        " REGEXP '^[+-]?[0-9]{1,30}$' THEN CASE WHEN CAST(",
        ...trimmed,
        ` AS DECIMAL(65,0)) BETWEEN ${lo} AND ${hi} THEN CAST(`,
        ...trimmed,
        ' AS SIGNED) END END',
      ];
    }
    case 'number': {
      if (to.kind === 'float') {
        if (numeric)
          return [
            'CASE WHEN CAST(CAST(',
            ...value,
            ' AS DOUBLE) AS DECIMAL(65,30)) = ',
            ...value,
            ' THEN CAST(',
            ...value,
            ' AS DOUBLE) END',
          ];
        return ['CASE WHEN ', ...trimmed, ` REGEXP '${NUMBER}' THEN CAST(`, ...trimmed, ' AS DOUBLE) END'];
      }
      const { precision, scale } = to as Extract<LogicalType, { kind: 'decimal' }>;
      const bound = `1${'0'.repeat(precision - scale)}`;
      // A double is compared as a double (0.1 is not the decimal 0.1 exactly); anything else as a decimal.
      const n: SqlPart[] =
        from.kind === 'float'
          ? [...value]
          : numeric
            ? ['CAST(', ...value, ' AS DECIMAL(65,30))']
            : ['CAST(', ...trimmed, ' AS DECIMAL(65,30))'];
      const fits: SqlPart[] = [...n, ' = ROUND(', ...n, `, ${scale}) AND ABS(`, ...n, `) < ${bound}`];
      if (numeric) return ['CASE WHEN ', ...fits, ' THEN CAST(', ...n, ` AS ${target}) END`];
      return ['CASE WHEN ', ...trimmed, ` REGEXP '${NUMBER}' THEN CASE WHEN `, ...fits, ' THEN CAST(', ...n, ` AS ${target}) END END`];
    }
    case 'boolean':
      if (numeric) return ['CASE WHEN ', ...value, ' IN (0, 1) THEN ', ...value, ' END'];
      return ['CASE WHEN LOWER(', ...trimmed, `) IN ${TRUE_WORDS} THEN 1 WHEN LOWER(`, ...trimmed, `) IN ${FALSE_WORDS} THEN 0 END`];
    case 'timestamp':
      if (numeric) return ['NULL'];
      return ['CASE WHEN ', ...trimmed, ` REGEXP '${DATETIME}' THEN CAST(`, ...trimmed, ` AS ${target}) END`];
    case 'length': {
      const length = (to as Extract<LogicalType, { kind: 'varchar' }>).length;
      return ['CASE WHEN CHAR_LENGTH(', ...text, `) <= ${length} THEN `, ...text, ' END'];
    }
    case 'json':
      return ['CASE WHEN JSON_VALID(', ...value, ') THEN ', ...value, ' END'];
    case 'uuid':
      return ['CASE WHEN LOWER(', ...trimmed, `) REGEXP '${UUID}' THEN `, ...trimmed, ' END'];
    case 'label': {
      const labels = findEnum({ tables: [], enums }, (to as Extract<LogicalType, { kind: 'enum' }>).name)?.values ?? [];
      if (labels.length === 0) return ['NULL'];
      return ['CASE WHEN BINARY ', ...text, ` IN (${labels.map(sqlStringLiteral).join(', ')}) THEN `, ...text, ' END'];
    }
  }
}
