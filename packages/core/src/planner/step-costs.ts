import type { CostlyChange } from '../adapter';
import type { EnumModel } from '../model';
import type { InPlaceContext } from './in-place-steps';
import type { Finding, PlanStep } from './plan-step';

/** One costly change a step makes, on a table the migration does not create (a new table has no rows to wait on). */
interface CostlyUse {
  readonly change: CostlyChange;
  readonly table: string;
  readonly referenced?: string;
}

/**
 * The long-lock and table-rewrite findings of a step: which costly changes it makes (a dialect-neutral
 * classification), priced by the dialect's `capabilities.costs`.
 *
 * @example
 * costFindings({ kind: 'fillColumn', table: 'users', … }, ctx);
 * // PostgreSQL: [{ kind: 'long-lock', message: 'updates every row of users inside the migration, …' }]
 */
export function costFindings(step: PlanStep, ctx: InPlaceContext): Finding[] {
  const costs = ctx.adapter.capabilities.costs;
  if (!costs) return [];
  const created = new Set(ctx.operations.flatMap((o) => (o.kind === 'createTable' ? [o.table.name] : [])));
  return costlyUses(step, ctx)
    .filter((use) => !created.has(use.table))
    .flatMap((use) =>
      (costs[use.change] ?? []).map((cost) => ({
        kind: cost.kind,
        message: cost.message.replace(/\{table\}/g, use.table).replace(/\{referenced\}/g, use.referenced ?? use.table),
      })),
    );
}

function costlyUses(step: PlanStep, ctx: InPlaceContext): CostlyUse[] {
  switch (step.kind) {
    case 'convertColumn':
      return step.stage === 'add' || step.stage === 'swap' ? [] : [{ change: 'change-type', table: step.table }];
    case 'fillColumn':
      return [{ change: 'backfill', table: step.table }];
    case 'alterColumn': {
      const uses: CostlyUse[] = [];
      if (step.from.nullable && !step.to.nullable) uses.push({ change: 'set-not-null', table: step.table });
      if (inlineEnumReordered(step, ctx)) uses.push({ change: 'enum-values', table: step.table });
      return uses;
    }
    case 'addForeignKey':
      return step.notValid
        ? []
        : [{ change: 'add-foreign-key', table: step.table, referenced: step.foreignKey.referencedTable }];
    case 'recreateEnum':
      return [...new Set(step.columns.map((c) => c.table))].map((table) => ({ change: 'enum-values' as const, table }));
    case 'createIndex':
      return step.concurrently ? [] : [{ change: 'create-index', table: step.table }];
    case 'addPrimaryKey':
    case 'replacePrimaryKey':
      return [{ change: 'primary-key', table: step.table }];
    default:
      return [];
  }
}

/** An inline enum column (MySQL) whose values change other than by appending: the table is copied. */
function inlineEnumReordered(step: Extract<PlanStep, { kind: 'alterColumn' }>, ctx: InPlaceContext): boolean {
  if (ctx.adapter.capabilities.enums !== 'inline' || step.from.type.kind !== 'enum' || step.to.type.kind !== 'enum')
    return false;
  const values = (name: string, first: readonly EnumModel[], second: readonly EnumModel[]) =>
    (first.find((e) => e.name === name) ?? second.find((e) => e.name === name))?.values;
  const from = values(step.from.type.name, ctx.before.enums, ctx.after.enums);
  const to = values(step.to.type.name, ctx.after.enums, ctx.before.enums);
  if (!from || !to) return false;
  return from.length > to.length || from.some((value, i) => to[i] !== value);
}
