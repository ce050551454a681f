/**
 * Concurrent deployers: several `gati migrate:up` processes started at once on the same database apply every
 * migration exactly once, and all of them exit 0 (the later ones find nothing left to do).
 */
import { expectSuccess, withProject } from './cli-harness';

const DEPLOYERS = 8;
const TABLES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

it.concurrent(`concurrency: ${DEPLOYERS} migrate:up processes at once apply each migration exactly once on SQLite`, () =>
  withProject(async (project) => {
    for (const [i, table] of TABLES.entries()) {
      const name = table[0]!.toUpperCase() + table.slice(1);
      project.entity(`${table}.ts`, `export interface ${name} {\n  id: string;\n  label: string;\n}\n`);
      expectSuccess(await project.gati('migrate:generate', `create_${table}`, '--version', `2024-01-${String(10 + i)}T10:00:00Z`));
    }

    const runs = await Promise.all(Array.from({ length: DEPLOYERS }, () => project.gati('migrate:up')));
    for (const run of runs) expectSuccess(run);
    const applied = runs.flatMap((run) => run.stdout.split('\n').filter((line) => line.startsWith('Applied ')));
    expect(applied).toHaveLength(TABLES.length);
    expect(runs.filter((run) => /Nothing to apply/.test(run.stdout))).toHaveLength(DEPLOYERS - 1);

    const history = project.history();
    expect(history).toHaveLength(TABLES.length);
    expect(new Set(history).size).toBe(TABLES.length);
    expect(project.tables()).toEqual(expect.arrayContaining(TABLES.map((t) => `${t}s`)));
  }),
);
