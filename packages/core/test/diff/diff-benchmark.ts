/**
 * Times diffSchemas, and diffSchemas followed by planChanges on each dialect, on a 500-table x 10-column schema
 * with 5 changes (not a jest test: timings vary by machine; the target is well under a second). After
 * `npm run build` (the adapters come from their built packages), run:
 * npx ts-node -P tsconfig.test.json --transpile-only packages/core/test/diff/diff-benchmark.ts
 */
import { performance } from 'node:perf_hooks';
import { mysqlAdapter } from '@gati-framework/migrations-adapters/mysql';
import { postgresqlAdapter } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
import { diffSchemas } from '../../src/diff';
import { planChanges } from '../../src/planner';
import { EMPTY_SCHEMA, normalizeSchema, type SchemaModel, type TableModel } from '../../src/model';
import { col, fk, idx, StubResolver, t, table } from './helpers';

function bigTable(i: number): TableModel {
  const name = `table_${i}`;
  const parent = i > 0 ? `table_${i - 1}` : undefined;
  return table(
    name,
    [
      col('id', t.bigint, { generated: true }),
      col('parent_id', t.bigint, { nullable: true }),
      col('name', t.varchar(255)),
      col('description', t.text, { nullable: true }),
      col('price', t.decimal(10, 2)),
      col('quantity', t.int, { default: { kind: 'literal', value: 0 } }),
      col('active', t.boolean),
      col('payload', t.json, { nullable: true }),
      col('created_at', t.timestamp, { default: { kind: 'sql', expression: 'now()' } }),
      col('external_id', t.uuid),
    ],
    {
      indexes: [idx(`${name}_name_idx`, ['name']), idx(`${name}_external_id_key`, ['external_id'], true)],
      foreignKeys: parent ? [fk(`${name}_parent_id_fkey`, ['parent_id'], parent)] : [],
    },
  );
}

const prev: SchemaModel = normalizeSchema({ tables: Array.from({ length: 500 }, (_, i) => bigTable(i)), enums: [] });
const tables = Array.from({ length: 500 }, (_, i) => bigTable(i));
tables[10] = { ...tables[10]!, columns: [...tables[10]!.columns, col('email', t.varchar(255), { nullable: true })] }; // 1 add
tables[20] = {
  ...tables[20]!,
  columns: tables[20]!.columns.map((c) => (c.name === 'quantity' ? { ...c, type: t.bigint } : c)),
}; // 2 alter
tables[30] = {
  ...tables[30]!,
  columns: tables[30]!.columns.map((c) => (c.name === 'description' ? { ...c, name: 'summary' } : c)),
}; // 3 likely rename
tables.splice(499, 1); // 4 drop the last table
tables.push(
  table('audit_log', [col('id', t.bigint), col('table_0_id', t.bigint)], {
    foreignKeys: [fk('audit_log_table_0_fkey', ['table_0_id'], 'table_0')],
  }),
); // 5 new table
const next: SchemaModel = { tables: tables.reverse(), enums: [] };

async function time(label: string, from: SchemaModel, to: SchemaModel, answers: Record<string, boolean> = {}) {
  await diffSchemas(from, to, { renames: new StubResolver(answers) }); // warm up
  const runs = 5;
  const start = performance.now();
  let count = 0;
  for (let i = 0; i < runs; i++) count = (await diffSchemas(from, to, { renames: new StubResolver(answers) })).operations.length;
  console.log(`${label}: ${((performance.now() - start) / runs).toFixed(1)} ms per diff, ${count} operations`);
}

/** diff + plan of both directions, as generate does them (the emitter's prettier pass not included). */
async function timePlan(label: string, from: SchemaModel, to: SchemaModel, answers: Record<string, boolean> = {}) {
  const adapters = { sqlite: sqliteAdapter, postgresql: postgresqlAdapter, mysql: mysqlAdapter };
  for (const [name, adapter] of Object.entries(adapters)) {
    const run = async () => {
      const changes = await diffSchemas(from, to, { renames: new StubResolver(answers) });
      return planChanges({ before: from, after: normalizeSchema(to), changes, adapter });
    };
    await run(); // warm up
    const runs = 5;
    const start = performance.now();
    let steps = 0;
    for (let i = 0; i < runs; i++) steps = (await run()).up.length;
    console.log(`${label}, diff + plan on ${name}: ${((performance.now() - start) / runs).toFixed(1)} ms, ${steps} up steps`);
  }
}

void (async () => {
  const cold = performance.now();
  await diffSchemas(prev, next, { renames: new StubResolver({ 'table_30.description->summary': true }) });
  console.log(`500 tables x 10 columns, 5 changes, first (cold) run: ${(performance.now() - cold).toFixed(1)} ms`);
  await time('500 tables x 10 columns, 5 changes', prev, next, { 'table_30.description->summary': true });
  await time('500 tables x 10 columns, identical', prev, prev);
  await time('initial migration of 500 tables', EMPTY_SCHEMA, prev);
  await time('initial migration of 500 tables, listed children first', EMPTY_SCHEMA, {
    tables: [...prev.tables].reverse(),
    enums: [],
  });
  await time('dropping all 500 tables', prev, EMPTY_SCHEMA);
  await timePlan('500 tables x 10 columns, 5 changes', prev, next, { 'table_30.description->summary': true });
  await timePlan('initial migration of 500 tables', EMPTY_SCHEMA, prev);
})();
