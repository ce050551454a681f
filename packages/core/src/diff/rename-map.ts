/**
 * The renames the diff decided, from the previous name to the next one. Used to compare indexes and foreign
 * keys as they are after the renames, so that an index on a renamed column is not dropped and re-created.
 */
export class RenameMap {
  private readonly tables = new Map<string, string>();
  private readonly columns = new Map<string, Map<string, string>>();

  renameTable(from: string, to: string): void {
    this.tables.set(from, to);
  }

  /** `table` is the table's previous name. */
  renameColumn(table: string, from: string, to: string): void {
    let map = this.columns.get(table);
    if (!map) this.columns.set(table, (map = new Map()));
    map.set(from, to);
  }

  /** The next name of a previous table (itself when it was not renamed). */
  table(previousName: string): string {
    return this.tables.get(previousName) ?? previousName;
  }

  /** The next names of columns of a previous table. */
  columnsOf(previousTable: string, columns: readonly string[]): string[] {
    const map = this.columns.get(previousTable);
    return map ? columns.map((c) => map.get(c) ?? c) : [...columns];
  }
}
