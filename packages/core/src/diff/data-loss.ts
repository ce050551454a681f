import type { Operation } from './change-set';
import { describeType } from '../model';
import { conversionConsequence, conversionRule } from './type-conversion';

function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/**
 * Why applying `op` loses data, in one line, or undefined when it is safe: dropping a table or a column, removing
 * enum values, converting a column to or from a custom type (which nothing checks). A type conversion that may
 * not fit some values loses none: it checks every row first and stops, naming them (see `conversionRule`).
 * (Making a column NOT NULL loses nothing either: the rows holding NULL are backfilled first, see
 * `backfill.ts`.) The planner turns this into a lint finding; the CLI asks for `--allow-data-loss`.
 *
 * @example
 * findDataLoss({ kind: 'dropColumn', table: 'users', column: email });
 * // 'Dropping column users.email deletes its values'
 */
export function findDataLoss(op: Operation): string | undefined {
  switch (op.kind) {
    case 'dropTable':
      return `Dropping table ${op.table.name} deletes all its rows`;
    case 'dropColumn':
      return `Dropping column ${op.table}.${op.column.name} deletes its values`;
    case 'alterEnum': {
      const removed = op.from.values.filter((v) => !op.to.values.includes(v));
      if (removed.length === 0) return undefined;
      return `Removing ${quoted(removed)} from enum ${op.from.name} fails or loses the rows that hold ${
        removed.length === 1 ? 'it' : 'them'
      }`;
    }
    case 'alterColumn': {
      const conversion = conversionConsequence(op.from.type, op.to.type);
      if (!conversion || conversionRule(op.from.type, op.to.type) !== 'unknown') return undefined;
      return `Changing ${op.table}.${op.to.name} from ${describeType(op.from.type)} to ${describeType(op.to.type)}: ${conversion}`;
    }
    default:
      return undefined;
  }
}
