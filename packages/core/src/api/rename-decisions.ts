import { DecisionRequiredError, UsageError } from '../errors';
import type { RenameCandidate, RenameResolver } from '../diff/change-set';
import { type SchemaModel, findColumn, findTable, qualifiedName, schemaOf } from '../model';

/** `--rename FROM=TO` as written: `table=table` or `table.column=column` (a table may be `schema.table`). */
export interface RenameHint {
  readonly from: string;
  readonly to: string;
}

const NAME = String.raw`[A-Za-z0-9_$]+`;
const RENAME_FLAG = new RegExp(`^(${NAME}(?:\\.${NAME}){0,2})=(${NAME}(?:\\.${NAME}){0,2})$`);

export function parseRenameFlag(flag: string): RenameHint {
  const match = RENAME_FLAG.exec(flag);
  if (!match) throw new UsageError(`--rename ${flag}: write FROM=TO as old_table=new_table or table.old_column=new_column.`);
  return { from: match[1]!, to: match[2]! };
}

/** `sales.orders.status` -> ['sales.orders', 'status']; `status` -> [undefined, 'status']. */
function splitLast(name: string): [string | undefined, string] {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? [undefined, name] : [name.slice(0, dot), name.slice(dot + 1)];
}

/**
 * Applies `--rename` hints to the next model the same way `@renamedFrom` does, so a hinted rename may also
 * change the type. FROM is a table when the last snapshot has a table of that name (`orders`, `sales.orders`),
 * else `table.column`. A hint naming something that does not exist is a usage error, not silently ignored.
 */
export function applyRenameHints(prev: SchemaModel, next: SchemaModel, hints: readonly RenameHint[]): SchemaModel {
  let tables = next.tables;
  for (const hint of hints) {
    const label = `--rename ${hint.from}=${hint.to}`;
    if (findTable(prev, hint.from) || !hint.from.includes('.')) {
      if (!findTable(prev, hint.from)) throw new UsageError(`${label}: there is no table ${hint.from} in the last snapshot.`);
      // A bare new name stays in the old table's schema.
      const to = findTable(next, hint.to) || hint.to.includes('.') ? hint.to : qualifiedName(schemaOf(hint.from), hint.to);
      if (!findTable(next, to)) throw new UsageError(`${label}: there is no table ${hint.to} in the entity types.`);
      tables = tables.map((t) => (t.name === to ? { ...t, renamedFrom: hint.from } : t));
      continue;
    }
    const [table, from] = splitLast(hint.from) as [string, string];
    const [toTable, to] = splitLast(hint.to);
    if (toTable !== undefined && toTable !== table) {
      throw new UsageError(`${label}: a column keeps its table; write ${hint.from}=${to}.`);
    }
    const target = findTable(next, table);
    const prevTable = findTable(prev, target?.renamedFrom ?? table) ?? findTable(prev, table);
    if (!target || !findColumn(target, to)) throw new UsageError(`${label}: the entity types have no column ${table}.${to}.`);
    if (!prevTable || !findColumn(prevTable, from)) throw new UsageError(`${label}: the last snapshot has no column ${table}.${from}.`);
    tables = tables.map((t) =>
      t.name === table ? { ...t, columns: t.columns.map((c) => (c.name === to ? { ...c, renamedFrom: from } : c)) } : t,
    );
  }
  return { ...next, tables };
}

export function describeCandidate(candidate: RenameCandidate): string {
  return candidate.kind === 'table'
    ? `table ${candidate.from} -> ${candidate.to} (--rename ${candidate.from}=${candidate.to})`
    : `column ${candidate.table}.${candidate.from} -> ${candidate.table}.${candidate.to} (--rename ${candidate.table}.${candidate.from}=${candidate.to})`;
}

/**
 * The resolver for likely renames the hints did not settle. On a terminal it asks; without one it answers "no"
 * and remembers the question, and `assertDecided` then stops with exit 2 unless data loss was accepted.
 */
export class RenameDecisions implements RenameResolver {
  readonly undecided: RenameCandidate[] = [];

  constructor(private readonly ask?: (question: string) => Promise<boolean>) {}

  async decide(candidate: RenameCandidate): Promise<boolean> {
    if (this.ask) {
      const what = candidate.kind === 'table' ? `table ${candidate.from}` : `column ${candidate.table}.${candidate.from}`;
      const into = candidate.kind === 'table' ? candidate.to : `${candidate.table}.${candidate.to}`;
      return this.ask(`Was ${what} renamed to ${into}? (no: drop it and add ${into}, losing its data)`);
    }
    this.undecided.push(candidate);
    return false;
  }

  assertDecided(allowDataLoss: boolean): void {
    if (this.undecided.length === 0 || allowDataLoss) return;
    throw new DecisionRequiredError(
      `Possible rename${this.undecided.length > 1 ? 's' : ''}: ${this.undecided.map(describeCandidate).join('; ')}. ` +
        'Say so with --rename (or @renamedFrom in the entity), or pass --allow-data-loss to drop and re-add.',
    );
  }
}
