import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectDrift, generateMigration, migrateDown, migrateUp, openDatabase } from '../../src/api';
import type { SqlConfig } from '../../src/config';
import { type Operation, diffAsStored } from '../../src/diff';
import { EMPTY_SCHEMA, type SchemaModel, normalizeSchema, schemasOf } from '../../src/model';
import { readEntities } from '../../src/reader';
import { CASES, type CheckContext, type PipelineCase, STAGES, type StageName } from './cases';
import { DIALECTS, type PipelineDatabase, type PipelineDialect } from './dialects';
import { HISTORY_TABLES, type Row, sortRows } from './sqlite-state';
import { Limiter, Stage } from './staged-run';
import { typecheckFiles } from './typecheck';

/**
 * The whole pipeline on a real database of every dialect in DIALECTS (a SQLite file; a fresh PostgreSQL
 * database per case on the local server), for every golden fixture (../golden/fixtures/<case>/before.ts and
 * after.ts) and every fixture of its own (./fixtures/<case>), through the programmatic API the CLI calls:
 *
 *   a. generate EMPTY -> before and apply it; seed rows valid for both sides;
 *   b. generate before -> after and apply it;
 *      (`renamesOnly`: every table, index and constraint keeps its storage through the up, and the down);
 *   c. convergence: the introspected database and the `after` entity model differ in nothing (as the dialect
 *      stores them: see diffAsStored);
 *   d. idempotence: generating again finds nothing to do;
 *   e. round trip: down restores `before` (schema, and the seeded rows when the up kept them), and up again
 *      gives the same schema and rows as the first up (`writtenAfterUp`: rows holding what the down takes away,
 *      written after the up, make the down refuse to run without allowDataLoss, and are mapped with it);
 *   f. the migrated database enforces what the model says (the case's check);
 *   g. every generated file type-checks (one tsc run, at the end).
 *
 * Each case runs its stages in order in the background, a few cases at a time per dialect (staged-run.ts);
 * each test awaits the stage it names.
 */

/** The golden corpus, then the pipeline's own fixtures (in-place changes the corpus does not reach). */
const FIXTURE_DIRS = [path.join(__dirname, '../golden/fixtures'), path.join(__dirname, 'fixtures')];
const FIXTURES = new Map(
  FIXTURE_DIRS.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => fs.existsSync(path.join(dir, name, 'after.ts')))
      .sort()
      .map((name): [string, string] => [name, path.join(dir, name)]),
  ),
);
/** `PIPELINE_CASES=a,b` runs only those fixtures (while working on them); the suite runs every one. */
const ONLY = process.env.PIPELINE_CASES?.split(',').filter(Boolean);
const NAMES = [...FIXTURES.keys()].filter((name) => !ONLY || ONLY.includes(name));
const EXCLUDE = { excludeTables: [...HISTORY_TABLES] };
const FIRST = new Date('2024-01-15T10:00:00Z');
const SECOND = new Date('2024-02-20T12:30:00Z');
const THIRD = new Date('2024-03-01T08:00:00Z');

const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-pipeline-'));
const generatedFiles: string[] = [];

/** The entity model of a case's file, read once (the files do not change while the suite runs). */
const models = new Map<string, SchemaModel>();
function model(file: string): SchemaModel {
  let found = models.get(file);
  if (!found) {
    const read = readEntities([file], { naming: 'snake_case' });
    found = read.tables.length === 0 ? EMPTY_SCHEMA : normalizeSchema(read);
    models.set(file, found);
  }
  return found;
}

/** The database's schema, read back; `schemas`: the schemas besides the default one that the models use. */
async function introspect(dialect: PipelineDialect, config: SqlConfig, schemas: readonly string[] = []): Promise<SchemaModel> {
  const db = await openDatabase(config);
  try {
    return await dialect.adapter.introspect(db, { ...EXCLUDE, schemas });
  } finally {
    await db.destroy();
  }
}

/** Operations as one line each, so that a failed expectation reads as a list of what differs. */
function describeOps(ops: readonly Operation[]): string[] {
  return ops.map((op) => JSON.stringify(op));
}

function expectRows(dialect: PipelineDialect, actual: Record<string, Row[]>, expected: Readonly<Record<string, readonly Row[]>>): void {
  for (const [table, rows] of Object.entries(expected)) {
    const want = sortRows(rows.map(dialect.stored));
    expect({ [table]: asNumbersWhereExpected(actual[table], want) }).toEqual({ [table]: want });
  }
}

/**
 * The rows as read, with a decimal the driver returns as text (`'0.1200'` from a `decimal(10,4)`) read as the
 * number it is where the expected row has a number: its scale is the column's, not a change of the value.
 */
function asNumbersWhereExpected(rows: Row[] | undefined, expected: readonly Row[]): Row[] | undefined {
  return rows?.map((row, i) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        const want = expected[i]?.[key];
        const decimal = typeof want === 'number' && typeof value === 'string' && /^-?\d+\.\d+$/.test(value);
        return [key, decimal && Number(value) === want ? want : value];
      }),
    ),
  );
}

/**
 * The case's entity files for this dialect: the fixture's own, or copies respelled as the case says (each
 * replacement must find its text, so that a changed fixture cannot silently skip it).
 */
function entityFiles(dialect: PipelineDialect, name: string, root: string): { before: string; after: string } {
  const respell = CASES[name]?.respell?.[dialect.name];
  const source = (side: 'before' | 'after') => path.join(FIXTURES.get(name)!, `${side}.ts`);
  if (!respell) return { before: source('before'), after: source('after') };
  const texts = { before: fs.readFileSync(source('before'), 'utf8'), after: fs.readFileSync(source('after'), 'utf8') };
  for (const [from, to] of respell.replace) {
    const found = (['before', 'after'] as const).filter((side) => texts[side].includes(from));
    if (found.length === 0) throw new Error(`${name}: respell for ${dialect.name} finds no ${JSON.stringify(from)}`);
    for (const side of found) texts[side] = texts[side].split(from).join(to);
  }
  const dir = path.join(root, 'entities');
  fs.mkdirSync(dir, { recursive: true });
  for (const side of ['before', 'after'] as const) fs.writeFileSync(path.join(dir, `${side}.ts`), texts[side]);
  return { before: path.join(dir, 'before.ts'), after: path.join(dir, 'after.ts') };
}

function checkContext(dialect: PipelineDialect, db: CheckContext['db']): CheckContext {
  return {
    db,
    insert: async (table, row) => {
      await db.insertInto(table).values(dialect.stored(row)).execute();
    },
    count: async (table) => Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    // The message, not `rejects.toThrow`: a jest worker that ran another file first can hand back a
    // better-sqlite3 error from that file's realm, which `toThrow` does not recognise as an error.
    rejects: async (violation, work) => {
      const outcome = await work.then(
        () => '(no error: the statement succeeded)',
        (error: unknown) => String((error as { message?: unknown } | undefined)?.message ?? error),
      );
      expect(outcome).toMatch(dialect.violations[violation]);
    },
    stored: dialect.stored,
  };
}

type Stages = Record<StageName, Stage>;

/** Whether a case runs on a dialect (`onlyOn` limits it to dialects that can express it). */
function runsOn(name: string, dialect: PipelineDialect): boolean {
  const only = CASES[name]?.onlyOn;
  return only === undefined || only.includes(dialect.name);
}

/** One case on one dialect, stage by stage (each stage is one test below), in a database of its own. */
async function runCase(dialect: PipelineDialect, name: string, stages: Stages): Promise<void> {
  const spec: PipelineCase = CASES[name] ?? {};
  const root = path.join(workRoot, dialect.name, name);
  fs.mkdirSync(root, { recursive: true });
  let database: PipelineDatabase;
  let files: { before: string; after: string };
  try {
    files = entityFiles(dialect, name, root);
    database = await dialect.createDatabase(root);
  } catch (error) {
    for (const stage of STAGES) stages[stage].fail(error);
    return;
  }
  try {
    const beforeConfig = database.config(root, files.before);
    const afterConfig = database.config(root, files.after);
    const schemas = [...new Set([...schemasOf(model(files.before)), ...schemasOf(model(files.after))])];
    let applied = false;
    let afterUp: { schema: unknown; rows: Record<string, Row[]> } | undefined;

    await stages.build.run(async () => {
      const first = await generateMigration(beforeConfig, { now: FIRST });
      if (first.status === 'written') {
        generatedFiles.push(first.file!);
        const up = await migrateUp(beforeConfig);
        expect(up.applied.map((r) => r.name)).toEqual([first.name]);
      } else {
        expect(first.status).toBe('unchanged'); // `before` has no entity: the database starts empty
      }
      if (spec.seed) await database.insertRows(spec.seed);
      const storedBefore = spec.renamesOnly ? await database.storageIdentity() : undefined;

      const second = await generateMigration(afterConfig, {
        now: SECOND,
        allowDataLoss: spec.allowDataLoss ?? false,
        backfills: spec.backfills ?? [],
      });
      expect(second.status).toBe('written');
      generatedFiles.push(second.file!);
      const up = await migrateUp(afterConfig);
      expect(up.applied.map((r) => r.name)).toEqual([second.name]);
      applied = true;
      if (spec.renamesOnly) expect(await database.storageIdentity()).toEqual(storedBefore);

      expect(await database.integrityProblems()).toEqual([]);
      if (spec.rowsAfter) expectRows(dialect, await database.userRows(), spec.rowsAfter);
      if (spec.writtenAfterUp) await database.insertRows(spec.writtenAfterUp);
    });

    await stages.converge.run(async () => {
      expect(applied).toBe(true);
      const live = await introspect(dialect, afterConfig, schemas);
      const changes = await diffAsStored(live, model(files.after), dialect.adapter);
      expect(describeOps(changes.operations)).toEqual([]);
      // Not vacuous: the same comparison tells the migrated database from the model it was migrated from
      // (unless the case says the dialect stores both models alike).
      const fromBefore = await diffAsStored(live, model(files.before), dialect.adapter);
      if (spec.storedAlike?.includes(dialect.name)) expect(describeOps(fromBefore.operations)).toEqual([]);
      else expect(fromBefore.operations.length).toBeGreaterThan(0);
      // Drift (`migrate:status --drift`, `generate`'s warning) compares the database with the last applied
      // migration's snapshot, as the database stores both: a database just migrated has none.
      const drift = await detectDrift(afterConfig);
      expect(drift.differences.map((d) => d.message)).toEqual([]);
      expect(drift.snapshot).toBe(drift.lastApplied);
    });

    await stages.idempotent.run(async () => {
      expect(applied).toBe(true);
      const again = await generateMigration(afterConfig, { now: THIRD, dryRun: true });
      expect(again.status).toBe('unchanged');
      expect(again.steps).toEqual({ up: [], down: [] });
    });

    await stages.roundTrip.run(async () => {
      expect(applied).toBe(true);
      const firstUp = { schema: await database.schemaFingerprint(), rows: await database.userRows() };

      const storedAfter = spec.renamesOnly ? await database.storageIdentity() : undefined;
      if (spec.writtenAfterUp) {
        // The down loses the values written since the up: refused without allowDataLoss, nothing changed.
        await expect(migrateDown(afterConfig)).rejects.toThrow(/--allow-data-loss/);
        expect(await database.userRows()).toEqual(firstUp.rows);
      }
      const down = await migrateDown(afterConfig, { allowDataLoss: true });
      expect(down.rolledBack).toHaveLength(1);
      if (spec.renamesOnly) expect(await database.storageIdentity()).toEqual(storedAfter);
      const restored = await introspect(dialect, afterConfig, schemas);
      const back = await diffAsStored(restored, model(files.before), dialect.adapter);
      expect(describeOps(back.operations)).toEqual([]);
      expect(await database.integrityProblems()).toEqual([]);
      if (spec.seed && !spec.lossyDown && !spec.writtenAfterUp) expectRows(dialect, await database.userRows(), spec.seed);
      if (spec.rowsAfterDown) expectRows(dialect, await database.userRows(), spec.rowsAfterDown);

      await migrateUp(afterConfig);
      afterUp = { schema: await database.schemaFingerprint(), rows: await database.userRows() };
      expect(afterUp.schema).toEqual(firstUp.schema);
      // (Rows the down mapped keep their mapped values: rowsAfterDown says what they are.)
      if (!spec.writtenAfterUp) expect(afterUp.rows).toEqual(firstUp.rows);
    });

    await stages.check.run(async () => {
      if (!spec.check) return;
      expect(afterUp).toBeDefined();
      const db = database.open();
      try {
        await spec.check(checkContext(dialect, db));
      } finally {
        await db.destroy();
      }
    });
  } finally {
    await database.drop();
  }
}

/** Per dialect: whether its database is there (or why asking failed), and each case's stages. */
interface DialectRun {
  available: boolean;
  error?: unknown;
  readonly cases: Map<string, Stages>;
}
const dialectRuns = new Map<PipelineDialect['name'], DialectRun>();
const finished: Promise<void>[] = [];

beforeAll(async () => {
  // Every dialect starts at once, each running a few cases at a time: SQLite works in this process, a server
  // mostly in its own, so the two overlap.
  await Promise.all(
    DIALECTS.map(async (dialect) => {
      const run: DialectRun = { available: false, cases: new Map() };
      dialectRuns.set(dialect.name, run);
      try {
        run.available = await dialect.available();
      } catch (error) {
        run.error = error; // CI without the server: every test of the dialect fails with it
        return;
      }
      if (!run.available) return;
      const limiter = new Limiter(dialect.concurrency);
      for (const name of NAMES) {
        if (!runsOn(name, dialect)) continue;
        const stages = Object.fromEntries(STAGES.map((stage) => [stage, new Stage()])) as Stages;
        run.cases.set(name, stages);
        finished.push(limiter.run(() => runCase(dialect, name, stages)));
      }
    }),
  );
});
// Every database dropped before the suite ends.
afterAll(async () => {
  await Promise.all(finished);
  fs.rmSync(workRoot, { recursive: true, force: true });
});

describe.each(DIALECTS)('pipeline on $label', (dialect) => {
  /**
   * The test of one stage: passes when the stage did. Without a server (one SKIPPED line was printed) it
   * passes, and an `it.failing` one fails as it is expected to.
   */
  const stage =
    (name: string, which: StageName, failing = false) =>
    async () => {
      const run = dialectRuns.get(dialect.name)!;
      if (run.error !== undefined) throw run.error;
      if (!run.available) {
        if (failing) throw new Error(`${dialect.label} is not available: nothing ran`);
        return;
      }
      await run.cases.get(name)![which].done;
    };

  const names = NAMES.filter((name) => runsOn(name, dialect));
  if (names.length === 0) it.todo(`has no case to run on ${dialect.label} (PIPELINE_CASES)`);
  else
    describe.each(names)('%s', (name) => {
      const spec: PipelineCase = CASES[name] ?? {};
      const issue = spec.knownIssue;
      const onThisDialect = issue !== undefined && (issue.dialects === undefined || issue.dialects.includes(dialect.name));
      // it.failing where the case documents a known product bug or limitation (see cases.ts).
      const test = (which: StageName, title: string) => {
        const fails = onThisDialect && issue.stages.includes(which);
        (fails ? it.failing : it)(fails ? `${title} [known issue: ${issue.why}]` : title, stage(name, which, fails));
      };

      test('build', 'builds before, then generates and applies before -> after');
      test('converge', 'converges: the introspected database is the after model');
      test('idempotent', 'is idempotent: generating after -> after writes nothing');
      test('roundTrip', 'round-trips: down restores before, up again gives the same schema and rows');
      if (spec.check) test('check', 'behaves as the after model says (constraints, defaults, keys)');
    });
});

describe('generated migrations', () => {
  it('type-check with tsc --noEmit against the built package (one tsc run for the suite)', async () => {
    expect(generatedFiles.length).toBeGreaterThan(0);
    const result = await typecheckFiles(generatedFiles);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
