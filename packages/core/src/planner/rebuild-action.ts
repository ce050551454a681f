import type { Adapter } from '../adapter';
import { describeBackfill } from '../diff/backfill';
import { conversionRule } from '../diff/type-conversion';
import { GatiError } from '../errors';
import { type ColumnModel, type SchemaModel, findTable } from '../model';
import type { PlannableOperation } from './plan-migration';
import type { Action, ColumnSource } from './action';
import type { Finding, PlannedAction } from './migration-plan';

/**
 * The rebuild of one table (SQLite's procedure for what ALTER TABLE cannot do): where each column of the new
 * table takes its values from (the old column by its old name, through a CAST where the stored type changes,
 * with the backfill of a column that becomes NOT NULL), and the findings: a table rewrite, and a NOT NULL
 * column that nothing fills.
 */
export function rebuildAction(
  table: string,
  before: SchemaModel,
  after: SchemaModel,
  operations: readonly PlannableOperation[],
  adapter: Pick<Adapter, 'types'>,
): Omit<PlannedAction, 'operation'> {
  // A rename that ran before (an up renames first) gave the table its new name; one that runs after (a down
  // renames back last) has not yet, and the rebuilt table keeps its current name until it does.
  const renamedFrom = operations.find((o) => o.op.kind === 'renameTable' && o.op.to === table)?.op as { from: string } | undefined;
  const renamedTo = operations.find((o) => o.op.kind === 'renameTable' && o.op.from === table)?.op as { to: string } | undefined;
  const to = findTable(after, renamedTo?.to ?? table);
  const from = findTable(before, renamedFrom?.from ?? table);
  if (!to || !from) throw new GatiError('PLAN_INCONSISTENT', `Cannot rebuild ${table}: it is missing from the schema model.`);
  const renames = new Map<string, string>();
  const fills = new Map<string, PlannableOperation['backfill']>();
  for (const { op, backfill } of operations) {
    if (op.kind === 'renameColumn' && op.table === table) renames.set(op.to, op.from);
    if (backfill && (op.kind === 'addColumn' || op.kind === 'alterColumn') && op.table === table) {
      fills.set(op.kind === 'addColumn' ? op.column.name : op.to.name, backfill);
    }
  }
  const sources: ColumnSource[] = to.columns.map((column) => {
    const fill = fills.get(column.name);
    const source = from.columns.find((c) => c.name === (renames.get(column.name) ?? column.name));
    if (!source) return { column: column.name, ...(fill ? { fill } : {}) };
    const converts = adapter.types.columnType(source.type, before.enums) !== adapter.types.columnType(column.type, after.enums);
    return {
      column: column.name,
      from: source.name,
      ...(converts ? { cast: adapter.types.castTarget(column.type, after.enums) } : {}),
      ...(fill && source.nullable ? { fill } : {}),
    };
  });
  const findings: Finding[] = [{ kind: 'table-rewrite', message: `rebuilds ${table}: copies every row into a new table and swaps it in` }];
  for (const column of to.columns) {
    const source = sources.find((s) => s.column === column.name)!;
    const finding = columnFinding(
      table,
      column,
      source,
      from.columns.find((c) => c.name === source.from),
    );
    if (finding) findings.push(finding);
  }
  return { action: { kind: 'rebuildTable', from, to, sources, ...(to.name !== table ? { name: table } : {}) }, findings };
}

/** What the copy does to one column's rows that a reviewer must know: a backfill, or a NOT NULL left unfilled. */
function columnFinding(table: string, column: ColumnModel, source: ColumnSource, old: ColumnModel | undefined): Finding | undefined {
  const name = `${table}.${column.name}`;
  if (source.fill) {
    const which = source.from === undefined ? 'every row' : `the rows where ${source.from} is NULL`;
    return { kind: 'backfill', message: `fills ${name} with ${describeBackfill(source.fill)} in ${which}` };
  }
  if (column.nullable || column.generated) return undefined;
  if (source.from === undefined && !column.default) {
    return { kind: 'may-fail', message: `${name} is NOT NULL with no default: fails if ${table} has rows` };
  }
  if (old?.nullable) return { kind: 'may-fail', message: `${name} becomes NOT NULL: fails if a row of ${table} holds NULL there` };
  return undefined;
}

/**
 * The checks that run before a rebuild, one per column whose copy converts values that may not all convert
 * (see `conversionRule`): the rows that do not stop the migration before anything changes. The rebuild copies
 * from the table as it is (renames of its columns folded into the copy), so the names are the old ones.
 */
export function rebuildConversionChecks(rebuild: Extract<Action, { kind: 'rebuildTable' }>): Action[] {
  const table = rebuild.name ?? rebuild.to.name;
  return rebuild.sources.flatMap((source): Action[] => {
    const from = rebuild.from.columns.find((c) => c.name === source.from);
    const to = rebuild.to.columns.find((c) => c.name === source.column);
    if (!source.cast || !from || !to) return [];
    const rule = conversionRule(from.type, to.type);
    if (rule === 'cast' || rule === 'unknown') return [];
    return [{ kind: 'checkConversion', table, column: from.name, from: from.type, to: to.type, key: rebuild.from.primaryKey }];
  });
}
