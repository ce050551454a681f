import type { WriterContext } from '../adapter/action-writers';
import type { ColumnModel, DefaultValue, EnumModel, IndexModel } from '../model';
import type { PlannedAction } from '../planner/migration-plan';
import type { ZeroDowntimeChange, ZeroDowntimeSketch } from '../planner/zero-downtime-actions';
import { comment, rawSql, str } from './code-literals';
import { type ColumnConversion, conversionName } from './conversion-code';
import { valueSql } from './column-code';
import { describeZeroDowntimeChange } from './describe-zero-downtime';

/**
 * The `zeroDowntime: { … }` option of a migration file: the breaking changes as data (the adapter derives
 * triggers, views, backfill, contract and rollback from them), what only adds as `expand`, what only removes as
 * `contract`; and the conversions its type changes use, which the file declares at its top with the others.
 */
export function zeroDowntimeOption(
  sketch: ZeroDowntimeSketch,
  upCtx: WriterContext,
  actionCode: (action: PlannedAction) => string,
  undoCode: (action: PlannedAction) => string,
): { readonly option: string; readonly conversions: readonly ColumnConversion[]; readonly enums: readonly EnumModel[] } {
  // The new version's enum types (an enum that loses values) are known to the conversions and types it writes.
  const ctx: WriterContext = { ...upCtx, enums: [...upCtx.enums, ...sketch.enums] };
  const conversions: ColumnConversion[] = [];
  const operations = sketch.changes.map((change) => {
    if (change.kind === 'alterColumn') {
      conversions.push(
        { table: change.table, column: change.from.name, from: change.from.type, to: change.to.type },
        { table: change.table, column: change.to.name, from: change.to.type, to: change.from.type },
      );
    }
    return `${comment(describeZeroDowntimeChange(change))}\n${operationCode(change, ctx)},`;
  });
  const phase = (name: 'expand' | 'contract' | 'rollback', rows: 'Before' | 'any', actions: readonly PlannedAction[]) =>
    actions.length === 0
      ? ''
      : `${name}: async (db: Kysely<${rows}>) => {\n${actions.map(name === 'rollback' ? undoCode : actionCode).join('\n\n')}\n},`;
  const option = [
    'zeroDowntime: {',
    `operations: [\n${operations.join('\n')}\n],`,
    phase('expand', 'Before', sketch.expand),
    phase('contract', 'any', sketch.contract),
    phase('rollback', 'any', sketch.rollback),
    '},',
  ]
    .filter(Boolean)
    .join('\n');
  return { option, conversions, enums: sketch.enums };
}

function operationCode(change: ZeroDowntimeChange, ctx: WriterContext): string {
  const fields = (entries: readonly (readonly [string, string])[]) => `{ ${entries.map(([key, value]) => `${key}: ${value}`).join(', ')} }`;
  switch (change.kind) {
    case 'alterColumn':
      return fields([
        ['kind', str('alterColumn')],
        ['table', str(change.table)],
        ['column', str(change.from.name)],
        ['to', columnCode(change.to, ctx)],
        ['up', conversionName({ table: change.table, column: change.from.name, from: change.from.type, to: change.to.type })],
        ['down', conversionName({ table: change.table, column: change.to.name, from: change.to.type, to: change.from.type })],
        ...(change.indexes.length > 0 ? [['indexes', indexesCode(change.indexes)] as const] : []),
      ]);
    case 'renameColumn':
      return fields([
        ['kind', str('renameColumn')],
        ['table', str(change.table)],
        ['from', str(change.from)],
        ['to', str(change.to)],
      ]);
    case 'renameTable':
      return fields([
        ['kind', str('renameTable')],
        ['from', str(change.from)],
        ['to', str(change.to)],
      ]);
    case 'addColumn':
      return fields([
        ['kind', str('addColumn')],
        ['table', str(change.table)],
        ['column', str(change.column.name)],
        ['to', columnCode(change.column, ctx)],
        ['fill', valueCode(change.fill, change.column, ctx)],
      ]);
    case 'dropColumn':
      return fields([
        ['kind', str('dropColumn')],
        ['table', str(change.table)],
        ['column', str(change.column.name)],
        ...(change.fill ? [['fill', valueCode(change.fill, change.column, ctx)] as const] : []),
      ]);
    case 'dropTable':
      return fields([
        ['kind', str('dropTable')],
        ['table', str(change.table.name)],
      ]);
  }
}

/** `{ type: 'integer', nullable: false, default: sql`0` }`: the column as the new version sees it. */
function columnCode(column: ColumnModel, ctx: WriterContext): string {
  const parts = [`type: ${str(ctx.adapter.types.columnType(column.type, ctx.enums))}`, `nullable: ${column.nullable}`];
  if (column.default) parts.push(`default: ${valueCode(column.default, column, ctx)}`);
  return `{ ${parts.join(', ')} }`;
}

function valueCode(value: DefaultValue, column: ColumnModel, ctx: WriterContext): string {
  return rawSql([valueSql(value, column.type, ctx)]);
}

/** `[{ name: 'users_age_idx', columns: ['age'], unique: false }]`. */
function indexesCode(indexes: readonly IndexModel[]): string {
  return `[${indexes.map((i) => `{ name: ${str(i.name)}, columns: [${i.columns.map(str).join(', ')}], unique: ${i.unique} }`).join(', ')}]`;
}
