import type { CostlyChange } from '../adapter';
import type { EnumModel, LogicalType } from '../model';
import type { InPlaceContext } from './in-place-actions';
import type { Action } from './action';
import type { Finding } from './migration-plan';

/** One costly change a action makes, on a table the migration does not create (a new table has no rows to wait on). */
interface CostlyUse {
  readonly change: CostlyChange;
  readonly table: string;
  readonly referenced?: string;
}

/**
 * The long-lock, table-rewrite and unchecked findings of a action: which costly changes it makes (a dialect-neutral
 * classification), priced by the dialect's `capabilities.costs`.
 *
 * @example
 * costFindings({ kind: 'fillColumn', table: 'users', … }, ctx);
 * // PostgreSQL: [{ kind: 'long-lock', message: 'updates every row of users inside the migration, …' }]
 */
export function costFindings(action: Action, ctx: InPlaceContext): Finding[] {
  const costs = ctx.adapter.capabilities.costs;
  if (!costs) return [];
  const created = new Set(ctx.operations.flatMap((o) => (o.kind === 'createTable' ? [o.table.name] : [])));
  return costlyUses(action, ctx)
    .filter((use) => !created.has(use.table))
    .flatMap((use) =>
      (costs[use.change] ?? []).map((cost) => ({
        kind: cost.kind,
        message: cost.message.replace(/\{table\}/g, use.table).replace(/\{referenced\}/g, use.referenced ?? use.table),
      })),
    );
}

function costlyUses(action: Action, ctx: InPlaceContext): CostlyUse[] {
  switch (action.kind) {
    case 'convertColumn':
      return action.stage === 'add' || action.stage === 'swap' ? [] : [{ change: 'change-type', table: action.table }];
    case 'changeColumnType':
      return [{ change: widensText(action.from.type, action.to.type) ? 'widen-varchar' : 'change-type-in-place', table: action.table }];
    case 'fillColumn':
      return [{ change: 'backfill', table: action.table }];
    case 'alterColumn': {
      const uses: CostlyUse[] = [];
      if (action.from.nullable && !action.to.nullable) uses.push({ change: 'set-not-null', table: action.table });
      if (inlineEnumReordered(action, ctx)) uses.push({ change: 'enum-values', table: action.table });
      return uses;
    }
    case 'addForeignKey':
      return action.notValid ? [] : [{ change: 'add-foreign-key', table: action.table, referenced: action.foreignKey.referencedTable }];
    case 'recreateEnum':
      return [...new Set(action.columns.map((c) => c.table))].map((table) => ({ change: 'enum-values' as const, table }));
    case 'createIndex':
      return action.concurrently ? [] : [{ change: 'create-index', table: action.table }];
    case 'addPrimaryKey':
    case 'replacePrimaryKey':
      return [{ change: 'primary-key', table: action.table }];
    case 'renameForeignKey':
      return [{ change: 'rename-foreign-key', table: action.table, referenced: action.foreignKey.referencedTable }];
    default:
      return [];
  }
}

/** A varchar made longer, or a varchar or text column made text: no value changes, nor how it is stored. */
function widensText(from: LogicalType, to: LogicalType): boolean {
  if (to.kind === 'text') return from.kind === 'varchar' || from.kind === 'text';
  return to.kind === 'varchar' && from.kind === 'varchar' && to.length >= from.length;
}

/** An inline enum column (MySQL) whose values change other than by appending: the table is copied. */
function inlineEnumReordered(action: Extract<Action, { kind: 'alterColumn' }>, ctx: InPlaceContext): boolean {
  if (ctx.adapter.capabilities.enums !== 'inline' || action.from.type.kind !== 'enum' || action.to.type.kind !== 'enum') return false;
  const values = (name: string, first: readonly EnumModel[], second: readonly EnumModel[]) =>
    (first.find((e) => e.name === name) ?? second.find((e) => e.name === name))?.values;
  const from = values(action.from.type.name, ctx.before.enums, ctx.after.enums);
  const to = values(action.to.type.name, ctx.after.enums, ctx.before.enums);
  if (!from || !to) return false;
  return from.length > to.length || from.some((value, i) => to[i] !== value);
}
