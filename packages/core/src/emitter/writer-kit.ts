/**
 * What an adapter's writers build on (see `ActionWriters`): the literals of generated code, the column and table
 * code of the portable writers, and the portable writers themselves, for a writer that renders only a variant of
 * an action its own way and hands the rest back.
 */
export { comment, id, quotedName, rawSql, ref, str, strList, type SqlPart } from './code-literals';
export { addColumnCode, columnDefinitionCallback, dataTypeCode, defaultCode, valueSql, type EmitContext } from './column-code';
export { alterColumnStatements, convertColumnCode, NO_CHANGE_IN_PLACE } from './column-change-code';
export { addPrimaryKeyCode, createIndexCode, foreignKeyCode, primaryKeyName } from './table-code';
export { portableWriters } from './portable-writers';
export { writeAction } from './action-code';
export { missingWriter } from './missing-writer';
export { missingWriters } from './required-writers';
