import type { EnumModel, LogicalType, LogicalTypeKind } from '@gati-framework/migrations';

/** What a driver returns for each plain kind of column, as a TypeScript type. */
export type TsTypeTable = Readonly<Record<Exclude<LogicalTypeKind, 'enum' | 'custom' | 'array'>, string>> & {
  /** An array of scalars: `element` stands for its element's type (`'element[]'`), else the type as it stands. */
  readonly array: string;
};

/**
 * The TypeScript type a driver returns for a column (the row types of a generated migration's typed `db`):
 * from the dialect's table for plain kinds, the union of its values for an enum, `unknown` for a custom type.
 */
export function tsRowType(type: LogicalType, enums: readonly EnumModel[], table: TsTypeTable): string {
  if (type.kind === 'custom') return 'unknown';
  if (type.kind === 'array') return table.array.replace('element', tsRowType(type.element, enums, table));
  if (type.kind !== 'enum') return table[type.kind];
  const found = enums.find((e) => e.name === type.name);
  if (!found) return 'string';
  if (found.values.length === 0) return 'never';
  return found.values.map(tsStringLiteral).join(' | ');
}

/** `it's` -> `'it\'s'`: a TypeScript string literal type. */
function tsStringLiteral(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}
