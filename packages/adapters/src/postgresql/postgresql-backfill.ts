import { type Kysely, sql } from 'kysely';
import type { BackfillReporter, ZeroDowntimeOperation } from '@gati-framework/migrations';
import { inlineConversion, inlineSql } from './postgresql-inline-sql';
import { isPostgresqlLockTimeout } from './postgresql-lock-timeout';
import { quotePostgresqlIdentifier as q, quotePostgresqlName } from './postgresql-type-mapping';
import { zeroDowntimeName } from './postgresql-zero-downtime-names';

/**
 * Fills one table's new columns for the rows that exist, in batches keyed on the primary key, one short
 * transaction each (so that no write of either version waits long), bounded by the last key present when it
 * starts: rows inserted after that are the triggers' work, and a table written to without pause still ends. Two
 * operations on one table share the pass. Resumes after `resumeFrom` (the last key an interrupted run finished,
 * as JSON), and reports each batch so that the runner records where it stands.
 */
export async function backfillTable(
  db: Kysely<any>,
  input: {
    readonly table: string;
    readonly operations: readonly ZeroDowntimeOperation[];
    readonly batchSize: number;
    readonly pauseMs: number;
    readonly resumeFrom?: { readonly lastKey: string; readonly done: number };
    readonly report: BackfillReporter;
  },
): Promise<void> {
  const sets = input.operations.flatMap((op) => {
    if (op.kind === 'alterColumn') return [`${q(zeroDowntimeName('column', op.column))} = ${inlineConversion(db, op.up, q(op.column))}`];
    if (op.kind === 'addColumn') return [`${q(op.column)} = COALESCE(${q(op.column)}, ${inlineSql(db, op.fill)})`];
    return [];
  });
  if (sets.length === 0) return;
  const table = quotePostgresqlName(input.table);
  const key = await primaryKeyOf(db, input.table);
  const keyList = key.map(q).join(', ');
  const keyRow = key.length === 1 ? q(key[0]!) : `(${keyList})`;
  const last = await sql.raw<Record<string, unknown>>(`SELECT ${keyList} FROM ${table} ORDER BY ${keyList} DESC LIMIT 1`).execute(db);
  if (last.rows.length === 0) return;
  const bound = key.map((k) => last.rows[0]![k]);
  const total = Number((await sql.raw<{ n: string }>(`SELECT count(*) AS n FROM ${table}`).execute(db)).rows[0]!.n);
  let after: unknown[] | undefined = input.resumeFrom ? (JSON.parse(input.resumeFrom.lastKey) as unknown[]) : undefined;
  let done = input.resumeFrom?.done ?? 0;
  for (;;) {
    const lower = after ? sql`${sql.raw(keyRow)} > (${sql.join(after)}) AND ` : sql``;
    const result = await withLockRetries(() =>
      sql<Record<string, unknown>>`
        WITH batch AS (
          SELECT ${sql.raw(keyList)} FROM ${sql.raw(table)}
          WHERE ${lower}${sql.raw(keyRow)} <= (${sql.join(bound)})
          ORDER BY ${sql.raw(keyList)} LIMIT ${sql.lit(input.batchSize)}
        ),
        updated AS (
          UPDATE ${sql.raw(table)} AS t SET ${sql.raw(sets.join(', '))} FROM batch
          WHERE ${sql.raw(key.map((k) => `t.${q(k)} = batch.${q(k)}`).join(' AND '))}
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM batch) AS "_gati_batch", (SELECT count(*) FROM updated) AS "_gati_updated", last.*
        FROM (SELECT ${sql.raw(keyList)} FROM batch ORDER BY ${sql.raw(key.map((k) => `${q(k)} DESC`).join(', '))} LIMIT 1) AS last`.execute(
        db,
      ),
    );
    const row = result.rows[0];
    if (!row) break;
    after = key.map((k) => row[k]);
    done += Number(row._gati_updated);
    await input.report({ table: input.table, lastKey: JSON.stringify(after), done, total });
    if (Number(row._gati_batch) < input.batchSize) break;
    if (input.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, input.pauseMs));
  }
}

/** The table's primary key columns, in key order; a table without one has no zero-downtime backfill. */
async function primaryKeyOf(db: Kysely<any>, table: string): Promise<string[]> {
  const result = await sql<{ attname: string }>`
    SELECT a.attname FROM pg_index i
    JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = ${quotePostgresqlName(table)}::regclass AND i.indisprimary
    ORDER BY k.n`.execute(db);
  if (result.rows.length === 0) throw new Error(`${table} has no primary key, which its batched backfill needs`);
  return result.rows.map((row) => row.attname);
}

/** One statement, tried again (up to five times, with a growing wait) when its lock was not granted in time. */
export async function withLockRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 5 || !isPostgresqlLockTimeout(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}
