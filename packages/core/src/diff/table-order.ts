import type { ForeignKeyModel, TableModel } from '../model';

/** A foreign key taken out of its table's definition to be added (or dropped) on its own. */
export interface DetachedForeignKey {
  readonly table: string;
  readonly foreignKey: ForeignKeyModel;
}

export interface CreationOrder {
  /** The tables in an order where each comes after the tables it references; detached keys removed. */
  readonly tables: readonly TableModel[];
  /** Foreign keys of reference cycles, to add once every table exists. */
  readonly detached: readonly DetachedForeignKey[];
}

export interface DropOrder {
  /** Foreign keys of reference cycles, to drop before any of the tables. */
  readonly detached: readonly DetachedForeignKey[];
  /** The tables in an order where a table that references another is dropped first; detached keys removed. */
  readonly tables: readonly TableModel[];
}

/**
 * Orders new tables so that each is created after the tables it references (references to tables outside
 * the list and to itself are ignored). The order of the list is kept wherever the references allow. In a
 * reference cycle the first table of the cycle (in list order) is created without its keys to the tables of
 * the cycle not created yet; those keys are returned as `detached`.
 */
export function orderForCreation(tables: readonly TableModel[]): CreationOrder {
  const names = new Set(tables.map((t) => t.name));
  const dependencies = new Map(
    tables.map((t) => [t.name, t.foreignKeys.map((fk) => fk.referencedTable).filter((ref) => ref !== t.name && names.has(ref))]),
  );
  const created = new Set<string>();
  const isReady = (t: TableModel) => dependencies.get(t.name)!.every((ref) => created.has(ref));
  const remaining = [...tables];
  const ordered: TableModel[] = [];
  const detached: DetachedForeignKey[] = [];
  let components: Map<string, number> | undefined;

  while (remaining.length > 0) {
    let index = remaining.findIndex(isReady);
    let table: TableModel;
    if (index >= 0) {
      table = remaining[index]!;
    } else {
      // Every remaining table waits for another: break the first cycle whose outside references are met.
      components ??= stronglyConnectedComponents(dependencies);
      const componentOf = components;
      index = remaining.findIndex((t) =>
        dependencies.get(t.name)!.every((ref) => created.has(ref) || componentOf.get(ref) === componentOf.get(t.name)),
      );
      if (index < 0) index = 0; // unreachable: the graph of components has no cycle
      const cyclic = remaining[index]!;
      const waits = (fk: ForeignKeyModel) =>
        fk.referencedTable !== cyclic.name && names.has(fk.referencedTable) && !created.has(fk.referencedTable);
      for (const fk of cyclic.foreignKeys) if (waits(fk)) detached.push({ table: cyclic.name, foreignKey: fk });
      table = { ...cyclic, foreignKeys: cyclic.foreignKeys.filter((fk) => !waits(fk)) };
    }
    ordered.push(table);
    created.add(table.name);
    remaining.splice(index, 1);
  }
  return { tables: ordered, detached };
}

/**
 * Orders tables to drop: a table is dropped before the tables it references; otherwise the list's order is
 * kept. Cycles are broken by dropping some of their foreign keys first (`detached`).
 */
export function orderForDrop(tables: readonly TableModel[]): DropOrder {
  const creation = orderForCreation([...tables].reverse());
  return { detached: creation.detached, tables: [...creation.tables].reverse() };
}

/** Tarjan's algorithm: a component number for each node; nodes on a common cycle share one. */
function stronglyConnectedComponents(edges: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;

  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.set(member, components);
      } while (member !== node);
      components++;
    }
  };

  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return component;
}
