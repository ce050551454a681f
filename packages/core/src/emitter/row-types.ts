import type { EnumModel, TableModel } from '../model';
import type { TypeMapping } from '../adapter';
import { str } from './code-literals';

/** Members of the `Before`/`After` interfaces: one row type per touched table, as Kysely selects it. */
export function rowTypeMembers(tables: readonly TableModel[], types: TypeMapping, enums: readonly EnumModel[]): string {
  return tables
    .map((table) => {
      const columns = table.columns.map((c) => {
        const type = types.tsType(c.type, enums);
        return `${propertyKey(c.name)}: ${type}${c.nullable ? ' | null' : ''};`;
      });
      return `${propertyKey(table.name)}: {\n${columns.join('\n')}\n};`;
    })
    .join('\n');
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name);
}
