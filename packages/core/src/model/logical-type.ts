/**
 * A column's type, independent of any database. Each adapter maps it to its own SQL type
 * (see the type table in the README).
 */
export type LogicalType =
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'text' }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'float' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'json' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'custom'; readonly raw: string };

export type LogicalTypeKind = LogicalType['kind'];

/** `varchar(255)`, `decimal(10,2)`, `enum(order_status)`: a short, stable text for messages and snapshots. */
export function describeType(type: LogicalType): string {
  switch (type.kind) {
    case 'varchar':
      return `varchar(${type.length})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'enum':
      return `enum(${type.name})`;
    case 'custom':
      return type.raw;
    default:
      return type.kind;
  }
}

export function sameType(a: LogicalType, b: LogicalType): boolean {
  return describeType(a) === describeType(b);
}
