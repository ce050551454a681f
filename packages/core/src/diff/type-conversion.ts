import { describeType, sameType, type LogicalType } from '../model';

/**
 * The longest text a value of each type needs, for conversions to `varchar(n)`: `-2147483648`,
 * `-9223372036854775808`, `false`, a double's shortest round-trip text, `2024-01-15 10:00:00.123456+05:30`,
 * a UUID; enum labels are at most 63 bytes on PostgreSQL.
 */
const TEXT_WIDTH: Partial<Record<LogicalType['kind'], number>> = {
  int: 11,
  bigint: 20,
  boolean: 5,
  float: 24,
  timestamp: 32,
  uuid: 36,
  enum: 63,
};

function textWidth(type: LogicalType): number | undefined {
  return type.kind === 'decimal' ? type.precision + 2 : TEXT_WIDTH[type.kind];
}

/**
 * Digits before the decimal point that every value of a type may need (`int` reaches 10 digits) and that
 * a type can hold whatever the digits (`int` holds every 9-digit number). Undefined: not an exact number.
 */
function integerDigits(type: LogicalType, role: 'needed' | 'held'): number | undefined {
  switch (type.kind) {
    case 'boolean':
      return 1;
    case 'int':
      return role === 'needed' ? 10 : 9;
    case 'bigint':
      return role === 'needed' ? 19 : 18;
    case 'decimal':
      return type.precision - type.scale;
    default:
      return undefined;
  }
}

const NUMERIC = new Set<LogicalType['kind']>(['int', 'bigint', 'decimal', 'float', 'boolean']);

/**
 * Kinds whose values another kind holds only in a dialect's own way (bytes as hex or escaped text, an array as
 * a JSON array or a native one): a conversion to or from them is cast as written and left to the reviewer.
 */
const OPAQUE = new Set<LogicalType['kind']>(['binary', 'array']);

/**
 * Why converting a column's values from `from` to `to` can lose some of them (truncated, rounded, out of
 * range, unparsable), as `from -> to: consequence`, or undefined when every value converts as it is.
 * Conservative: a conversion it cannot judge (a custom type, two unrelated types) is reported.
 *
 * @example
 * typeConversionLoss({ kind: 'bigint' }, { kind: 'int' }); // 'bigint -> int: values outside the int range are rejected'
 */
export function typeConversionLoss(from: LogicalType, to: LogicalType): string | undefined {
  const consequence = conversionConsequence(from, to);
  return consequence && `${describeType(from)} -> ${describeType(to)}: ${consequence}`;
}

/** What a lossy conversion does to the values, or undefined. */
export function conversionConsequence(from: LogicalType, to: LogicalType): string | undefined {
  if (sameType(from, to)) return undefined;
  if (from.kind === 'custom' || to.kind === 'custom' || OPAQUE.has(from.kind) || OPAQUE.has(to.kind)) {
    return `cannot tell whether every value converts (check it by hand)`;
  }
  if (to.kind === 'text') return undefined; // every value has a text form
  if (from.kind === 'json' && to.kind !== 'json' && to.kind !== 'varchar') {
    return `JSON documents (objects, arrays) cannot be kept as ${describeType(to)}`;
  }
  switch (to.kind) {
    case 'varchar': {
      if (from.kind === 'varchar') {
        return to.length < from.length ? `values longer than ${to.length} characters are cut or rejected` : undefined;
      }
      const width = textWidth(from);
      if (width === undefined || width > to.length) {
        return `values longer than ${to.length} characters are cut or rejected`;
      }
      return undefined;
    }
    case 'int':
    case 'bigint':
    case 'decimal': {
      if (from.kind === 'float') return `floating-point values are rounded`;
      if (from.kind === 'decimal' && (to.kind !== 'decimal' ? from.scale > 0 : from.scale > to.scale)) {
        return `digits after the decimal point are rounded away`;
      }
      const have = integerDigits(from, 'needed');
      const room = integerDigits(to, 'held')!;
      if (have === undefined) return `values that are not numbers are lost or rejected`;
      if (have > room) return `values outside the ${describeType(to)} range are rejected`;
      return undefined;
    }
    case 'float': {
      if (!NUMERIC.has(from.kind)) return `values that are not numbers are lost or rejected`;
      // A double holds integers up to 2^53 and 15 significant decimal digits exactly.
      if (from.kind === 'bigint') return `integers beyond 2^53 lose precision`;
      if (from.kind === 'decimal' && from.precision > 15) return `values lose precision beyond 15 digits`;
      return undefined;
    }
    case 'boolean':
      return `values other than true and false are lost or rejected`;
    case 'json':
      return from.kind === 'varchar' || from.kind === 'text' ? `values that are not valid JSON are rejected` : undefined;
    case 'enum':
      return `values that are not labels of enum ${to.name} are rejected`;
    case 'timestamp':
    case 'uuid':
      return `values that do not parse as ${to.kind} are lost or rejected`;
  }
}

/**
 * What a value must be to convert from one type to another without change, as a dialect's total conversion
 * checks it (see `TypeMapping.convertValue`): a conversion to a type that holds every value is a plain `cast`;
 * the others parse or bound the value, and give NULL (never an error) where it does not convert.
 *
 * - `integer`: a whole number in the target's range (text parsed; a fraction or an overflow does not convert);
 * - `number`: a number (text parsed) that the target holds exactly (`decimal(p,s)`: its digits, its scale);
 * - `boolean`: true or false (text: `true`/`false`, `t`/`f`, `yes`/`no`, `y`/`n`, `on`/`off`, `1`/`0`;
 *   numbers: 1 and 0);
 * - `timestamp`: an ISO 8601 date and time that exists;
 * - `length`: text of at most the target's length;
 * - `json`: valid JSON text;
 * - `uuid`: a UUID (8-4-4-4-12 hex digits);
 * - `label`: one of the enum's labels, exactly;
 * - `unknown`: a custom type on either side, or bytes or an array and another type: cast as written, unchecked
 *   (the reviewer checks it).
 */
export type ConversionRule = 'cast' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'length' | 'json' | 'uuid' | 'label' | 'unknown';

/**
 * The rule a conversion from `from` to `to` follows (see {@link ConversionRule}).
 *
 * @example
 * conversionRule({ kind: 'varchar', length: 255 }, { kind: 'int' }); // 'integer'
 * conversionRule({ kind: 'int' }, { kind: 'bigint' });               // 'cast'
 */
export function conversionRule(from: LogicalType, to: LogicalType): ConversionRule {
  if (from.kind === 'custom' || to.kind === 'custom' || OPAQUE.has(from.kind) || OPAQUE.has(to.kind)) {
    return sameType(from, to) ? 'cast' : 'unknown';
  }
  if (conversionConsequence(from, to) === undefined) return 'cast';
  switch (to.kind) {
    case 'int':
    case 'bigint':
      return 'integer';
    case 'decimal':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'timestamp';
    case 'varchar':
      return 'length';
    case 'json':
      return 'json';
    case 'uuid':
      return 'uuid';
    case 'enum':
      return 'label';
    default:
      return 'cast';
  }
}

/**
 * What a value of `from` must be to convert to `to`, in words a reviewer reads after "a value that is not":
 * `a whole number in the int range`. Undefined where every value converts.
 */
export function conversionRequirement(from: LogicalType, to: LogicalType): string | undefined {
  switch (conversionRule(from, to)) {
    case 'integer':
      return `a whole number in the ${describeType(to)} range`;
    case 'number':
      return to.kind === 'decimal'
        ? `a number with at most ${to.precision - to.scale} digits before the point and ${to.scale} after`
        : 'a number';
    case 'boolean':
      return 'true or false';
    case 'timestamp':
      return 'an ISO 8601 date and time';
    case 'length':
      return `text of at most ${(to as { length: number }).length} characters`;
    case 'json':
      return 'valid JSON';
    case 'uuid':
      return 'a UUID';
    case 'label':
      return `a label of enum ${(to as { name: string }).name}`;
    default:
      return undefined;
  }
}

const TEXTUAL = new Set<LogicalType['kind']>(['text', 'varchar']);

/**
 * Whether converting `from` to `to` reads values out of their text (`' 7'` and `'007'` become 7): converting them
 * back writes each value's own text, not what was written before.
 */
export function parsesText(from: LogicalType, to: LogicalType): boolean {
  return TEXTUAL.has(from.kind) && !TEXTUAL.has(to.kind) && to.kind !== 'enum' && to.kind !== 'custom' && !OPAQUE.has(to.kind);
}
