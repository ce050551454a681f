import type { TableModel } from '../model';
import type { ColumnSource, PlanStep, PlannedStep } from '../planner';
import { comment, rawSql, ref, str, strList } from './code-literals';
import { addColumnCode, type EmitContext } from './column-code';
import { describeStep } from './describe-step';

/** Prefix of the temporary table a rebuild copies into. */
export const REBUILD_PREFIX = '__gati_new_';

export interface StepCodeContext extends EmitContext {
  /** The interface holding the row types of this direction's target tables: `After` in up, `Before` in down. */
  readonly targetRows: 'After' | 'Before';
  readonly sourceRows: 'After' | 'Before';
}

/** The statements of one planned step, preceded by a comment that says what it does and what it risks. */
export function stepCode(planned: PlannedStep, ctx: StepCodeContext): string {
  const notes = planned.findings.map((f) => `${f.kind.toUpperCase()}: ${f.message}`);
  return [comment([describeStep(planned.step), ...notes].join('\n')), statementsFor(planned.step, ctx)].join('\n');
}

function statementsFor(step: PlanStep, ctx: StepCodeContext): string {
  switch (step.kind) {
    case 'createEnum':
      return `await db.schema.createType(${str(step.enum.name)}).asEnum(${strList(step.enum.values)}).execute();`;
    case 'dropEnum':
      return `await db.schema.dropType(${str(step.enum.name)}).execute();`;
    case 'createTable':
      return createTableCode(step.table, step.table.name, ctx);
    case 'dropTable':
      return `await db.schema.dropTable(${str(step.table.name)}).execute();`;
    case 'renameTable':
      return `await db.schema.alterTable(${str(step.from)}).renameTo(${str(step.to)}).execute();`;
    case 'addColumn':
      return `await db.schema.alterTable(${str(step.table)})${addColumnCode(step.column, undefined, ctx)}.execute();`;
    case 'dropColumn':
      return `await db.schema.alterTable(${str(step.table)}).dropColumn(${str(step.column.name)}).execute();`;
    case 'renameColumn':
      return `await db.schema.alterTable(${str(step.table)}).renameColumn(${str(step.from)}, ${str(step.to)}).execute();`;
    case 'createIndex':
      return createIndexCode(step.table, step.index);
    case 'dropIndex':
      return `await db.schema.dropIndex(${str(step.index.name)}).execute();`;
    case 'addForeignKey':
      return `await db.schema.alterTable(${str(step.table)})${foreignKeyCode(step.foreignKey)}.execute();`;
    case 'dropForeignKey':
      return `await db.schema.alterTable(${str(step.table)}).dropConstraint(${str(step.foreignKey.name)}).execute();`;
    case 'rebuildTable':
      return rebuildCode(step.from, step.to, step.sources, ctx);
  }
}

/** CREATE TABLE with its keys and checks, then its indexes. */
function createTableCode(table: TableModel, name: string, ctx: EmitContext, withIndexes = true): string {
  const lines = [`await db.schema.createTable(${str(name)})`];
  for (const column of table.columns) lines.push(addColumnCode(column, table, ctx));
  if (table.primaryKey.length > 1) lines.push(`.addPrimaryKeyConstraint(${str(`${table.name}_pkey`)}, ${strList(table.primaryKey)})`);
  for (const fk of table.foreignKeys) lines.push(foreignKeyCode(fk));
  lines.push('.execute();');
  const statements = [lines.join('\n')];
  if (withIndexes) for (const index of table.indexes) statements.push(createIndexCode(table.name, index));
  return statements.join('\n');
}

function createIndexCode(table: string, index: TableModel['indexes'][number]): string {
  return `await db.schema.createIndex(${str(index.name)}).on(${str(table)}).columns(${strList(index.columns)})${index.unique ? '.unique()' : ''}.execute();`;
}

function foreignKeyCode(fk: TableModel['foreignKeys'][number]): string {
  const onDelete = fk.onDelete ? `, (fk) => fk.onDelete(${str(fk.onDelete)})` : '';
  return `.addForeignKeyConstraint(${str(fk.name)}, ${strList(fk.columns)}, ${str(fk.referencedTable)}, ${strList(fk.referencedColumns)}${onDelete})`;
}

/**
 * SQLite's table rebuild: a new table with the target definition, a typed INSERT … SELECT that copies (and
 * converts) every row, then drop and rename, then the indexes again.
 */
function rebuildCode(from: TableModel, to: TableModel, sources: readonly ColumnSource[], ctx: StepCodeContext): string {
  const tmp = `${REBUILD_PREFIX}${to.name}`;
  const copied = sources.filter((s) => s.from !== undefined);
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Copy`;
  // `from` is the table as the source schema knows it; by now it carries its new name (renames run first).
  const tableTypes = `{ ${str(to.name)}: ${ctx.sourceRows}[${str(from.name)}]; ${str(tmp)}: ${ctx.targetRows}[${str(to.name)}] }`;
  const selections = copied.map((s) => selectionCode(s, to, ctx)).join(',\n');
  return [
    createTableCode(to, tmp, ctx, false),
    '{',
    `const ${handle} = db as unknown as Kysely<${tableTypes}>;`,
    `await ${handle}.insertInto(${str(tmp)})`,
    `.columns(${strList(copied.map((s) => s.column))})`,
    `.expression(${handle}.selectFrom(${str(to.name)}).select([\n${selections}\n]))`,
    '.execute();',
    '}',
    `await db.schema.dropTable(${str(to.name)}).execute();`,
    `await db.schema.alterTable(${str(tmp)}).renameTo(${str(to.name)}).execute();`,
    ...to.indexes.map((index) => createIndexCode(to.name, index)),
  ].join('\n');
}

function selectionCode(source: ColumnSource, to: TableModel, ctx: StepCodeContext): string {
  const from = source.from!;
  if (!source.cast) return str(from === source.column ? from : `${from} as ${source.column}`);
  const column = to.columns.find((c) => c.name === source.column)!;
  const tsType = ctx.adapter.types.tsType(column.type, ctx.enums);
  return [
    comment(`REVIEW: ${from} becomes ${source.column} (${source.cast}) through CAST; change the expression if the data needs more than a cast.`),
    `${rawSql(['CAST(', ref(from), ` AS ${source.cast})`], tsType)}.as(${str(source.column)})`,
  ].join('\n');
}
