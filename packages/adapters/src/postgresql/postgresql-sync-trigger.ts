import type { Kysely } from 'kysely';
import { type ZeroDowntimeOperation, sqlStringLiteral, versionSchemaName } from '@gati-framework/migrations';
import { inlineConversion, inlineSql } from './postgresql-inline-sql';
import { quotePostgresqlIdentifier as q, quotePostgresqlName } from './postgresql-type-mapping';
import { zeroDowntimeName } from './postgresql-zero-downtime-names';

/** The operations of a migration that change one table's rows, by the table's name before the migration. */
export function operationsByTable(operations: readonly ZeroDowntimeOperation[]): Map<string, ZeroDowntimeOperation[]> {
  const byTable = new Map<string, ZeroDowntimeOperation[]>();
  for (const op of operations) {
    if (op.kind !== 'alterColumn' && op.kind !== 'addColumn' && op.kind !== 'dropColumn') continue;
    byTable.set(op.table, [...(byTable.get(op.table) ?? []), op]);
  }
  return byTable;
}

/** Whether the table's writes need the trigger: a converted column, a new NOT NULL one, a dropped NOT NULL one. */
export function needsSyncTrigger(operations: readonly ZeroDowntimeOperation[]): boolean {
  return operations.some(
    (op) => op.kind === 'alterColumn' || op.kind === 'addColumn' || (op.kind === 'dropColumn' && op.fill !== undefined),
  );
}

/**
 * The trigger function that keeps one table's rows right for both versions, whoever writes them. The writer is
 * known by its session (set by the runtime helper): the new version's sessions carry the migration's version in
 * `gati.version` and read and write through its schema of views, first on their search path; every other session
 * (an unmarked one: the version that was live before) is the old one. A session marked with the migration's
 * version but without its schema (a handler that started before the expand had made it: the helper found none and
 * gave it the tables in public) writes the old shape, and counts as the old version too.
 *
 * - a write of the old version converts each changed column into its new column (`up`), and fills a new NOT NULL
 *   column it does not know;
 * - a write of the new version converts back into the old column (`down`), and fills a dropped NOT NULL column
 *   it no longer sees.
 *
 * On UPDATE a column is converted only when its source changed, so that a row written by one version keeps the
 * other's value as it was. Every conversion is total (NULL where a value does not convert): the trigger never
 * fails a write.
 */
export function syncFunctionSql(db: Kysely<any>, table: string, version: string, operations: readonly ZeroDowntimeOperation[]): string {
  const oldWrites: string[] = [];
  const newWrites: string[] = [];
  const changed = (column: string) => `(TG_OP = 'INSERT' OR NEW.${column} IS DISTINCT FROM OLD.${column})`;
  for (const op of operations) {
    if (op.kind === 'alterColumn') {
      const oldColumn = q(op.column);
      const newColumn = q(zeroDowntimeName('column', op.column));
      oldWrites.push(`IF ${changed(oldColumn)} THEN NEW.${newColumn} := ${inlineConversion(db, op.up, `NEW.${oldColumn}`)}; END IF;`);
      newWrites.push(`IF ${changed(newColumn)} THEN NEW.${oldColumn} := ${inlineConversion(db, op.down, `NEW.${newColumn}`)}; END IF;`);
    } else if (op.kind === 'addColumn') {
      const column = q(op.column);
      oldWrites.push(`NEW.${column} := COALESCE(NEW.${column}, ${inlineSql(db, op.fill)});`);
    } else if (op.kind === 'dropColumn' && op.fill) {
      const column = q(op.column);
      newWrites.push(`NEW.${column} := COALESCE(NEW.${column}, ${inlineSql(db, op.fill)});`);
    }
  }
  const body = [
    'BEGIN',
    `  IF current_setting('gati.version', true) IS NOT DISTINCT FROM ${sqlStringLiteral(version)}`,
    `     AND (current_schemas(false))[1] IS NOT DISTINCT FROM ${sqlStringLiteral(versionSchemaName(version))} THEN`,
    ...(newWrites.length > 0 ? newWrites.map((line) => `    ${line}`) : ['    NULL;']),
    '  ELSE',
    ...(oldWrites.length > 0 ? oldWrites.map((line) => `    ${line}`) : ['    NULL;']),
    '  END IF;',
    '  RETURN NEW;',
    'END',
  ].join('\n');
  return `CREATE OR REPLACE FUNCTION ${syncFunctionName(table)}() RETURNS trigger LANGUAGE plpgsql AS $gati$\n${body}\n$gati$`;
}

/** The trigger function's name, in the table's schema. */
export function syncFunctionName(table: string): string {
  const parts = table.split('.');
  const name = zeroDowntimeName('sync', parts[parts.length - 1]!);
  return parts.length > 1 ? `${q(parts[0]!)}.${q(name)}` : q(name);
}

export function syncTriggerSql(table: string): string[] {
  const trigger = q(zeroDowntimeName('sync', table.split('.').pop()!));
  return [
    `DROP TRIGGER IF EXISTS ${trigger} ON ${quotePostgresqlName(table)}`,
    `CREATE TRIGGER ${trigger} BEFORE INSERT OR UPDATE ON ${quotePostgresqlName(table)} FOR EACH ROW EXECUTE FUNCTION ${syncFunctionName(table)}()`,
  ];
}

export function dropSyncSql(table: string): string[] {
  const trigger = q(zeroDowntimeName('sync', table.split('.').pop()!));
  return [`DROP TRIGGER IF EXISTS ${trigger} ON ${quotePostgresqlName(table)}`, `DROP FUNCTION IF EXISTS ${syncFunctionName(table)}()`];
}
