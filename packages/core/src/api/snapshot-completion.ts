import { type TypeFits, sameValueSet } from '../codegen/codegen-type-readings';
import { EntityError } from '../errors';
import { type ColumnModel, type EnumModel, type ForeignKeyModel, type SchemaModel, type TableModel, findColumn, findTable } from '../model';

/**
 * Fills in what a Kysely database interface leaves unsaid from the last snapshot, so that generating from a
 * file kysely-codegen wrote for the database the snapshot describes finds nothing to do, and a hand-written
 * interface keeps the keys, indexes and exact types it was created with. For each table read from a DB
 * interface (`unspecified` set) that the snapshot has (by name, or by `@renamedFrom`):
 *
 * - a column type no tag chose is the snapshot's when that is what the interface's type can stand for
 *   (`typeFits`: a `uuid` or `varchar(80)` is written `string`; on SQLite a boolean is `number`);
 * - a `Generated<T>` column without `@default` gets the snapshot's default or identity, when it has one;
 * - a table without `@primaryKey` gets the snapshot's primary key; without `@unique`/`@index`, its indexes;
 *   without `@references`, its foreign keys (those whose columns are all still there).
 *
 * Enums are then the ones the columns use, defined as in `next` or else as in the snapshot; an enum of a DB
 * interface with the snapshot's values in another order is the snapshot's (kysely-codegen sorts the values,
 * and a TypeScript union has no order). Throws an
 * `EntityError` for a `Generated<T>` column (NOT NULL, or nullable and new) whose default neither the file nor
 * the snapshot says.
 * The result carries no `unspecified` hints.
 */
export function completeFromSnapshot(prev: SchemaModel, next: SchemaModel, typeFits: TypeFits): SchemaModel {
  if (!next.tables.some((table) => table.unspecified)) return next;
  const tables = next.tables.map((table) => {
    const before = table.unspecified ? previousTable(prev, table) : undefined;
    return before ? completeTable(table, before, { prev, next, typeFits }) : table;
  });
  assertDefaultsKnown(tables);
  return { tables: tables.map(withoutHints), enums: enumsInUse(tables, next.enums, prev.enums) };
}

/** The enums the columns use, in order of first use, as `next` defines them, else as `prev` does. */
function enumsInUse(tables: readonly TableModel[], nextEnums: readonly EnumModel[], prevEnums: readonly EnumModel[]): EnumModel[] {
  const used: EnumModel[] = [];
  for (const table of tables) {
    for (const column of table.columns) {
      const { type } = column;
      if (type.kind !== 'enum' || used.some((model) => model.name === type.name)) continue;
      const before = prevEnums.find((each) => each.name === type.name);
      const model = nextEnums.find((each) => each.name === type.name);
      const reordered = column.unspecified && before && model && sameValueSet(before.values, model.values);
      const chosen = reordered ? before : (model ?? before);
      if (chosen) used.push(chosen);
    }
  }
  return used;
}

interface Completion {
  readonly prev: SchemaModel;
  readonly next: SchemaModel;
  readonly typeFits: TypeFits;
}

function previousTable(prev: SchemaModel, table: TableModel): TableModel | undefined {
  return findTable(prev, table.renamedFrom ?? table.name) ?? findTable(prev, table.name);
}

function completeTable(table: TableModel, before: TableModel, completion: Completion): TableModel {
  const unspecified = table.unspecified!;
  const current = (names: readonly string[]): string[] | undefined => currentNames(table, names);
  const keptKey = unspecified.primaryKey && before.primaryKey.length > 0 ? current(before.primaryKey) : undefined;
  const primaryKey = keptKey ?? table.primaryKey;
  const columns = table.columns.map((column) => {
    const completed = column.unspecified
      ? completeColumn(column, findColumn(before, column.renamedFrom ?? column.name), completion)
      : column;
    return primaryKey.includes(completed.name) && completed.nullable ? { ...completed, nullable: false } : completed;
  });
  const indexes = unspecified.indexes
    ? before.indexes.flatMap((index) => {
        const names = current(index.columns);
        return names ? [{ ...index, columns: names }] : [];
      })
    : table.indexes;
  const foreignKeys = unspecified.foreignKeys
    ? before.foreignKeys.flatMap((fk) => keptForeignKey(fk, current(fk.columns), completion.next))
    : table.foreignKeys;
  return { ...table, columns, primaryKey, indexes, foreignKeys };
}

function completeColumn(column: ColumnModel, before: ColumnModel | undefined, completion: Completion): ColumnModel {
  if (!before) return column;
  const unspecified = column.unspecified!;
  const { prev, next, typeFits } = completion;
  const type = unspecified.type && typeFits(before.type, prev.enums, column.type, next.enums) ? before.type : column.type;
  const { default: _default, generated: _generated, ...rest } = column;
  const source = unspecified.default && (before.default !== undefined || before.generated) ? before : column;
  // A nullable column the snapshot has without a default: the database has none, which MariaDB reports as
  // `DEFAULT NULL` (kysely-codegen writes `Generated<T | null>` for it). Keep none.
  const settled = unspecified.default && column.nullable && source === column;
  return {
    ...rest,
    ...(settled ? { unspecified: { ...unspecified, default: false } } : {}),
    type,
    ...(source.default !== undefined ? { default: source.default } : {}),
    ...(source.generated ? { generated: true } : {}),
  };
}

/** A foreign key of the snapshot, kept when its columns and the table and columns it references are still there. */
function keptForeignKey(fk: ForeignKeyModel, columns: string[] | undefined, next: SchemaModel): ForeignKeyModel[] {
  const target = next.tables.find((table) => (table.renamedFrom ?? table.name) === fk.referencedTable);
  const referenced = target && currentNames(target, fk.referencedColumns);
  if (!columns || !target || !referenced) return [];
  return [{ ...fk, columns, referencedTable: target.name, referencedColumns: referenced }];
}

/** The snapshot's column names as `table` names them now (`@renamedFrom`); undefined when one is gone. */
function currentNames(table: TableModel, names: readonly string[]): string[] | undefined {
  const renamed = new Map(table.columns.map((column) => [column.renamedFrom ?? column.name, column.name]));
  const mapped = names.map((name) => renamed.get(name));
  return mapped.every((name) => name !== undefined) ? (mapped as string[]) : undefined;
}

/**
 * A `Generated<T>` column, NOT NULL or nullable, must have a default (or be an identity column) by now: a
 * nullable one created without a default would come back from kysely-codegen as `T | null`, not generated.
 */
function assertDefaultsKnown(tables: readonly TableModel[]): void {
  const missing = tables.flatMap((table) =>
    table.columns
      .filter((column) => column.unspecified?.default && column.default === undefined && !column.generated)
      .map((column) => `${column.unspecified!.at} ${table.name}.${column.name}`),
  );
  if (missing.length === 0) return;
  const list = missing.join('; ');
  throw new EntityError(
    `${missing.length === 1 ? 'A column is' : `${missing.length} columns are`} Generated<…> (the database fills ${missing.length === 1 ? 'it' : 'them'} in), ` +
      `but neither the DB interface nor the last snapshot says with what: ${list}. ` +
      'Write the default on the property, e.g. /** @default 0 */ or /** @default gen_random_uuid() */ (any value or SQL expression).',
  );
}

function withoutHints(table: TableModel): TableModel {
  const { unspecified: _table, ...rest } = table;
  return { ...rest, columns: table.columns.map(({ unspecified: _column, ...column }) => column) };
}
