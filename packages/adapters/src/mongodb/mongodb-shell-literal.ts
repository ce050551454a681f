/**
 * A value as mongosh would print it in a command: `{ email: 1 }`, `ObjectId("…")`, `ISODate("…")`. Keys that
 * are not identifiers are quoted; `undefined` members (an absent `session`) are left out. For `--dry-run` and
 * error messages; not meant to be parsed back.
 */
export function shellLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `NumberLong("${value}")`;
  if (typeof value === 'function') return '<function>';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'ISODate("invalid")' : `ISODate("${value.toISOString()}")`;
  if (value instanceof RegExp) return String(value);
  if (Array.isArray(value)) return `[${value.map(shellLiteral).join(', ')}]`;
  const bson = bsonLiteral(value as { _bsontype?: unknown; toString(): string });
  if (bson !== undefined) return bson;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .map(([key, member]) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${shellLiteral(member)}`);
  return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The BSON types of the driver (`_bsontype`), as mongosh spells them. */
function bsonLiteral(value: { _bsontype?: unknown; toString(): string }): string | undefined {
  const type = value._bsontype;
  if (typeof type !== 'string') return undefined;
  const text = value.toString();
  switch (type) {
    case 'ObjectId':
    case 'ObjectID':
      return `ObjectId("${(value as unknown as { toHexString(): string }).toHexString()}")`;
    case 'Decimal128':
      return `NumberDecimal("${text}")`;
    case 'Long':
      return `NumberLong("${text}")`;
    case 'Int32':
      return `NumberInt(${text})`;
    case 'Double':
      return text;
    case 'UUID':
      return `UUID("${(value as unknown as { toHexString(): string }).toHexString()}")`;
    default:
      return `${type}(${JSON.stringify(text)})`;
  }
}
