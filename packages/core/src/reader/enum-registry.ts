import type * as ts from 'typescript';
import type { EnumModel } from '../model';
import { EntityProblem } from './entity-problems';
import { nodeLocation } from './source-location';

/**
 * The enums the tables use, in order of first use. The same name with the same values is one enum (a named
 * union or a TS enum used by several tables); the same name with other values is a problem.
 */
export class EnumRegistry {
  private readonly enums = new Map<string, { model: EnumModel; node: ts.Node }>();

  constructor(private readonly cwd: string) {}

  /**
   * Registers `name` with `values` (declared at `node`) for the column `label` (`Order.status`) and returns
   * the name for the column's type.
   */
  register(name: string, values: readonly string[], node: ts.Node, label: string): string {
    const existing = this.enums.get(name);
    if (!existing) {
      this.enums.set(name, { model: { name, values: [...values] }, node });
      return name;
    }
    if (!sameValues(existing.model.values, values)) {
      throw new EntityProblem(
        `${label}: the enum '${name}' would be (${quoteAll(values)}) here, but it is (${quoteAll(existing.model.values)}) ` +
          `at ${nodeLocation(existing.node, this.cwd)}. Rename one of the two types so that their enum names differ.`,
      );
    }
    return name;
  }

  list(): EnumModel[] {
    return [...this.enums.values()].map((entry) => entry.model);
  }
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function quoteAll(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(' | ');
}
