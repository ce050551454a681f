import { type ColumnModel, type SchemaModel, findEnum, inlineEnumName, schemaOf } from '../model';
import { sameNames } from './definition-equality';

/**
 * The enum types written inline on a column (`status: 'draft' | 'live'`) are named after their table and column
 * (`people_status`), so a renamed table or column renames them too. Such a pair is one type renamed, not a
 * column changing type (which would read as a conversion that may lose data): the diff compares the column
 * with its type renamed (`follow`), and records the rename (`record`), which becomes a `renameEnum` operation.
 */
export class EnumRenames {
  private readonly renames = new Map<string, string>();

  constructor(
    private readonly prev: SchemaModel,
    private readonly next: SchemaModel,
  ) {}

  /**
   * `column` (of the previous table `prevTable`) with its type named as it is in the next model, where its inline
   * enum takes the derived name of `nextTable.nextColumn` with the same values; otherwise `column` itself.
   */
  follow(prevTable: string, column: ColumnModel, nextTable: string, nextColumn: string): ColumnModel {
    const to = this.renamedTo(prevTable, column, nextTable, nextColumn);
    return to === undefined ? column : { ...column, type: { kind: 'enum', name: to } };
  }

  /** Records the rename that `follow` made for a pair the diff matched. */
  record(prevTable: string, column: ColumnModel, nextTable: string, nextColumn: string): void {
    const to = this.renamedTo(prevTable, column, nextTable, nextColumn);
    if (to !== undefined && column.type.kind === 'enum') this.renames.set(column.type.name, to);
  }

  /** The renames recorded, from the previous name to the next one. */
  pairs(): readonly { readonly from: string; readonly to: string }[] {
    return [...this.renames].map(([from, to]) => ({ from, to }));
  }

  private renamedTo(prevTable: string, column: ColumnModel, nextTable: string, nextColumn: string): string | undefined {
    if (column.type.kind !== 'enum') return undefined;
    const from = column.type.name;
    const to = inlineEnumName(nextTable, nextColumn);
    if (from === to || from !== inlineEnumName(prevTable, column.name)) return undefined;
    // A type renamed in place stays in its schema (a table moved to another schema takes a new type).
    if (schemaOf(from) !== schemaOf(to)) return undefined;
    const before = findEnum(this.prev, from);
    const after = findEnum(this.next, to);
    // Both sides exist on one side only, and hold the same values (a change of values too is an enum change).
    if (!before || !after || findEnum(this.next, from) || findEnum(this.prev, to)) return undefined;
    return sameNames(before.values, after.values) ? to : undefined;
  }
}
