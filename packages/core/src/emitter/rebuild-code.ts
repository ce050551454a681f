import type { ActionOf, WriterContext } from '../adapter/action-writers';
import type { ColumnSource } from '../planner/action';
import { comment, rawSql, ref, type SqlPart, str, strList } from './code-literals';
import { conversionCall } from './conversion-code';
import { valueSql } from './column-code';
import { createIndexCode, createTableCode } from './table-code';

/** Prefix of the temporary table a rebuild copies into. */
export const REBUILD_PREFIX = '__gati_new_';

/**
 * A table rebuild (SQLite's procedure for what ALTER TABLE cannot do): a new table with the target definition, a
 * typed INSERT … SELECT that copies (and converts) every row, then drop and rename, then the indexes again.
 */
export function rebuildTableCode(action: ActionOf<'rebuildTable'>, ctx: WriterContext): string {
  const { from, to, sources } = action;
  const name = action.name ?? to.name;
  const tmp = `${REBUILD_PREFIX}${name}`;
  const copied = sources.filter((s) => s.from !== undefined || s.fill !== undefined);
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Copy`;
  // `from` is the table as the source schema knows it; by now it carries its new name (renames run first).
  const tableTypes = `{ ${str(name)}: ${ctx.sourceRows}[${str(from.name)}]; ${str(tmp)}: ${ctx.targetRows}[${str(to.name)}] }`;
  const selections = copied.map((s) => selectionCode(s, action, name, ctx)).join(',\n');
  return [
    createTableCode(to, tmp, ctx, false),
    '{',
    `const ${handle} = db as unknown as Kysely<${tableTypes}>;`,
    `await ${handle}.insertInto(${str(tmp)})`,
    `.columns(${strList(copied.map((s) => s.column))})`,
    `.expression(${handle}.selectFrom(${str(name)}).select([\n${selections}\n]))`,
    '.execute();',
    '}',
    `await db.schema.dropTable(${str(name)}).execute();`,
    `await db.schema.alterTable(${str(tmp)}).renameTo(${str(name)}).execute();`,
    ...to.indexes.map((index) => createIndexCode(name, index)),
  ].join('\n');
}

/** One column of the copy's SELECT: the old column, converted through the file's conversion, filled where it must be. */
function selectionCode(source: ColumnSource, rebuild: ActionOf<'rebuildTable'>, name: string, ctx: WriterContext): string {
  const fromName = source.from;
  if (!source.cast && !source.fill) return str(fromName === source.column ? fromName! : `${fromName} as ${source.column}`);
  const column = rebuild.to.columns.find((c) => c.name === source.column)!;
  const old = rebuild.from.columns.find((c) => c.name === fromName);
  const conversion = source.cast && old ? conversionCall({ table: name, column: old.name, from: old.type, to: column.type }) : undefined;
  if (!source.fill) return `${conversion ?? rawSql([ref(fromName!)])}.as(${str(source.column)})`;
  const tsType = ctx.adapter.types.tsType(column.type, ctx.enums);
  const fill = valueSql(source.fill, column.type, ctx);
  if (fromName === undefined) {
    const note = `REVIEW: the rows that exist get ${fill} in ${source.column}; change the expression if they need another value.`;
    return [comment(note), `${rawSql([fill], tsType)}.as(${str(source.column)})`].join('\n');
  }
  const note = `REVIEW: the rows where ${fromName} is NULL get ${fill} in ${source.column}; change the expression if they need another value.`;
  const value: SqlPart[] = ['COALESCE(', conversion ? { code: conversion } : ref(fromName), `, ${fill})`];
  return [comment(note), `${rawSql(value, tsType)}.as(${str(source.column)})`].join('\n');
}
