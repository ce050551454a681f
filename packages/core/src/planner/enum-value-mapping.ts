import type { DialectCapabilities } from '../adapter';
import type { Operation } from '../diff/change-set';
import type { ColumnModel } from '../model';
import type { Action } from './action';
import type { PlannedAction } from './migration-plan';

/** The values each narrowed enum of a direction loses, by the enum's name once narrowed. */
function removedValues(operations: readonly Operation[]): Map<string, { removed: string[]; remaining: readonly string[] }> {
  const removed = new Map<string, { removed: string[]; remaining: readonly string[] }>();
  for (const op of operations) {
    if (op.kind !== 'alterEnum') continue;
    const lost = op.from.values.filter((value) => !op.to.values.includes(value));
    if (lost.length > 0) removed.set(op.to.name, { removed: lost, remaining: op.to.values });
  }
  return removed;
}

/**
 * The value a row of `column` gets where it holds a value its enum loses: the column's default when it is a value
 * that stays; else NULL, where the column may hold it; else the enum's first value that stays.
 */
function replacement(column: ColumnModel, remaining: readonly string[]): string | null {
  const fallback = column.default?.kind === 'literal' ? column.default.value : undefined;
  if (typeof fallback === 'string' && remaining.includes(fallback)) return fallback;
  return column.nullable ? null : remaining[0]!;
}

/** The columns (by their names when the action runs) whose values `action` narrows to `enumName`'s remaining values. */
function narrowedColumns(
  action: Action,
  enums: ReadonlySet<string>,
  caps: DialectCapabilities,
): { table: string; column: string; model: ColumnModel; enumName: string }[] {
  switch (action.kind) {
    case 'recreateEnum':
      if (!enums.has(action.to.name) || action.from.values.every((value) => action.to.values.includes(value))) return [];
      return action.columns.map(({ table, column }) => ({ table, column: column.name, model: column, enumName: action.to.name }));
    case 'alterColumn':
      // An inline ENUM column modified to the narrowed values (MySQL).
      if (caps.enums !== 'inline' || action.to.type.kind !== 'enum' || action.from.type.kind !== 'enum' || !enums.has(action.to.type.name))
        return [];
      return [{ table: action.table, column: action.from.name, model: action.to, enumName: action.to.type.name }];
    case 'rebuildTable':
      // A CHECK enum: the table is copied into one whose CHECK holds the narrowed values (SQLite).
      return action.sources.flatMap((source) => {
        const model = action.to.columns.find((c) => c.name === source.column);
        if (!model || model.type.kind !== 'enum' || !enums.has(model.type.name) || source.from === undefined) return [];
        return [{ table: action.name ?? action.to.name, column: source.from, model, enumName: model.type.name }];
      });
    default:
      return [];
  }
}

/**
 * A down that narrows an enum (takes out values that the up added) finds rows holding those values, written since
 * the up: the narrowing would fail on them. Before each action that narrows a column's values, the rows holding a
 * removed value are mapped to one that stays, as a mapping declared at the top of the file says (`mapEnumValues`);
 * the down says it loses data, so `migrate:down` runs it only with `--allow-data-loss`.
 */
export function withRemovedEnumValuesMapped(
  actions: readonly PlannedAction[],
  operations: readonly Operation[],
  caps: DialectCapabilities,
): PlannedAction[] {
  const removed = removedValues(operations);
  if (removed.size === 0) return [...actions];
  const names = new Set(removed.keys());
  return actions.flatMap((planned) => {
    const mappings = narrowedColumns(planned.action, names, caps).map(({ table, column, model, enumName }): PlannedAction => {
      const { removed: lost, remaining } = removed.get(enumName)!;
      const to = replacement(model, remaining);
      const action: Action = {
        kind: 'mapEnumValues',
        table,
        column,
        enum: enumName,
        map: lost.map((from) => ({ from, to })),
        remaining,
        nullable: model.nullable,
      };
      return { ...planned, action, findings: [] };
    });
    return [...mappings, planned];
  });
}
