import type { WriterContext } from '../adapter/action-writers';
import { conversionRequirement, conversionRule } from '../diff/type-conversion';
import { type LogicalType, describeType } from '../model';
import type { PlannedAction } from '../planner/migration-plan';
import { rawSql, type SqlPart, str, wrappedComment } from './code-literals';

/** One conversion of a column's values, as the migration file declares it once at its top. */
export interface ColumnConversion {
  readonly table: string;
  /** The column holding the values, by its name when the conversion runs. */
  readonly column: string;
  readonly from: LogicalType;
  readonly to: LogicalType;
}

/**
 * The name of a conversion's constant in the migration file: `usersAgeToInt` for `users.age` to `int`,
 * `usersNameToVarchar80`, `ordersStatusToOrderStatus` (an enum by its name). The up and the down of a column
 * convert to different types, so their names differ. The writers of the actions that use a conversion (its check,
 * its UPDATE, a rebuild's copy) name it the same way.
 */
export function conversionName(conversion: ColumnConversion): string {
  const target = conversion.to.kind === 'enum' ? conversion.to.name : describeType(conversion.to);
  const words = `${conversion.table} ${conversion.column} to ${target}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() : word.charAt(0).toUpperCase()) + word.slice(1)).join('');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The conversions the actions of one direction use, each once, in the order they first appear. */
export function conversionsOf(actions: readonly PlannedAction[]): ColumnConversion[] {
  const found = new Map<string, ColumnConversion>();
  const add = (conversion: ColumnConversion) => {
    const name = conversionName(conversion);
    if (!found.has(name)) found.set(name, conversion);
  };
  for (const { action } of actions) {
    if (action.kind === 'checkConversion') add(action);
    if (action.kind === 'convertColumn' && action.stage !== 'add' && action.stage !== 'swap') {
      add({ table: action.table, column: action.from.name, from: action.from.type, to: action.to.type });
    }
    if (action.kind === 'rebuildTable') {
      for (const source of action.sources) {
        const from = action.from.columns.find((c) => c.name === source.from);
        const to = action.to.columns.find((c) => c.name === source.column);
        if (source.cast && from && to) add({ table: action.name ?? action.to.name, column: from.name, from: from.type, to: to.type });
      }
    }
  }
  return [...found.values()];
}

/**
 * The declaration of one conversion, with the REVIEW comment a reviewer edits it by: a function of the value
 * (the column in the migration, `NEW.<column>` in a zero-downtime trigger) that gives the dialect's total
 * conversion (`TypeMapping.convertValue`: NULL where a value does not convert, never an error), or a plain CAST
 * where the adapter has none.
 */
export function conversionDeclaration(conversion: ColumnConversion, ctx: WriterContext): string {
  const { types } = ctx.adapter;
  const value: SqlPart[] = [{ code: 'value' }];
  const expression = types.convertValue?.(value, conversion.from, conversion.to, ctx.enums) ?? [
    'CAST(',
    ...value,
    ` AS ${types.castTarget(conversion.to, ctx.enums)})`,
  ];
  const tsType = `${types.tsType(conversion.to, ctx.enums)} | null`;
  return [
    reviewComment(conversion),
    `const ${conversionName(conversion)} = (value: Expression<unknown>): RawBuilder<${tsType}> => ${rawSql(expression)};`,
  ].join('\n');
}

/** The code that converts a column's values: the file's conversion applied to the column (`usersAgeToInt(sql.ref('age'))`). */
export function conversionCall(conversion: ColumnConversion): string {
  return `${conversionName(conversion)}(sql.ref(${str(conversion.column)}))`;
}

function reviewComment(conversion: ColumnConversion): string {
  const what = `${conversion.table}.${conversion.column} becomes ${describeType(conversion.to)}`;
  const requirement = conversionRequirement(conversion.from, conversion.to);
  const rule = conversionRule(conversion.from, conversion.to);
  const text =
    rule === 'unknown'
      ? `REVIEW: how ${what}. Nothing checks this conversion (a custom type is involved): change it if the data needs more than a cast.`
      : requirement
        ? `REVIEW: how ${what}. A value that is not ${requirement} gives NULL here, and stops the migration before anything changes, naming its rows; map such values here if they need one (for example COALESCE(…, 0)).`
        : `REVIEW: how ${what}. Every value converts as it is; change it if the data needs more than that.`;
  return wrappedComment(text);
}
