import { DecisionRequiredError, UsageError } from '../errors';
import type { RenameCandidate, RenameResolver } from '../diff/change-set';
import { type SchemaModel, findColumn, findTable } from '../model';

/** `--rename FROM=TO`: `table=table` or `table.column=column` (or `table.column=table.column`). */
export interface RenameHint {
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

export function parseRenameFlag(flag: string): RenameHint {
  const match = /^([A-Za-z0-9_$]+)(?:\.([A-Za-z0-9_$]+))?=(?:([A-Za-z0-9_$]+)\.)?([A-Za-z0-9_$]+)$/.exec(flag);
  if (!match) throw new UsageError(`--rename ${flag}: write FROM=TO as old_table=new_table or table.old_column=new_column.`);
  const [, first, column, toTable, to] = match;
  if (column !== undefined) {
    if (toTable !== undefined && toTable !== first) {
      throw new UsageError(`--rename ${flag}: a column keeps its table; write ${first}.${column}=${to}.`);
    }
    return { table: first, from: column, to: to! };
  }
  return { from: first!, to: to! };
}

/**
 * Applies `--rename` hints to the next model the same way `@renamedFrom` does, so a hinted rename may also
 * change the type. A hint naming something that does not exist is a usage error, not silently ignored.
 */
export function applyRenameHints(prev: SchemaModel, next: SchemaModel, hints: readonly RenameHint[]): SchemaModel {
  let tables = next.tables;
  for (const hint of hints) {
    if (hint.table === undefined) {
      if (!findTable(prev, hint.from)) throw new UsageError(`--rename ${hint.from}=${hint.to}: there is no table ${hint.from} in the last snapshot.`);
      if (!findTable(next, hint.to)) throw new UsageError(`--rename ${hint.from}=${hint.to}: there is no table ${hint.to} in the entity types.`);
      tables = tables.map((t) => (t.name === hint.to ? { ...t, renamedFrom: hint.from } : t));
      continue;
    }
    const label = `--rename ${hint.table}.${hint.from}=${hint.to}`;
    const target = findTable(next, hint.table);
    const prevTable = findTable(prev, target?.renamedFrom ?? hint.table) ?? findTable(prev, hint.table);
    if (!target || !findColumn(target, hint.to)) throw new UsageError(`${label}: the entity types have no column ${hint.table}.${hint.to}.`);
    if (!prevTable || !findColumn(prevTable, hint.from)) throw new UsageError(`${label}: the last snapshot has no column ${hint.table}.${hint.from}.`);
    tables = tables.map((t) =>
      t.name === hint.table ? { ...t, columns: t.columns.map((c) => (c.name === hint.to ? { ...c, renamedFrom: hint.from } : c)) } : t,
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
