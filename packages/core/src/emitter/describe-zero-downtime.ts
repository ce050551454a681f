import { describeType } from '../model';
import type { ZeroDowntimeChange } from '../planner/zero-downtime-actions';

/** One line per breaking change, as `generate` prints it and the file's comment says it, naming both phases. */
export function describeZeroDowntimeChange(change: ZeroDowntimeChange): string {
  switch (change.kind) {
    case 'alterColumn':
      return (
        `${change.table}.${change.from.name} ${describeType(change.from.type)} -> ${describeType(change.to.type)}: expand adds the new column, ` +
        'keeps both in step by trigger and backfills it in batches; contract drops the old column'
      );
    case 'renameColumn':
      return `rename ${change.table}.${change.from} to ${change.to}: the new version's view renames it; contract renames the column`;
    case 'renameTable':
      return `rename table ${change.from} to ${change.to}: the new version's view has the new name; contract renames the table`;
    case 'addColumn':
      return `add ${change.table}.${change.column.name} NOT NULL: expand fills it for the old version's writes and backfills the rows; contract sets NOT NULL`;
    case 'dropColumn':
      return `drop ${change.table}.${change.column.name}: hidden from the new version${change.fill ? ' (its writes fill it by trigger)' : ''}; contract drops it`;
    case 'dropTable':
      return `drop table ${change.table.name}: hidden from the new version; contract drops it`;
  }
}
