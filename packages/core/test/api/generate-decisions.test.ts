import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateMigration, migrateDown, migrateUp } from '../../src/api';
import { resolveConfig } from '../../src/config';
import { DecisionRequiredError, GatiError, UsageError } from '../../src/errors';
import { withSqlite } from '../pipeline/sqlite-state';

/**
 * The decisions `generate` may not take alone, through the programmatic API the CLI calls (on SQLite files): a
 * column that becomes NOT NULL on a table that may have rows needs a value for those rows (a backfill), from
 * `--backfill`, a terminal, or the column's default; without one it stops with exit 2 and writes nothing. Also
 * what `generate` reports about the down: each step with its findings, data loss of the down included.
 */
describe('generate: backfills of columns that become NOT NULL', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-decisions-'));
    fs.mkdirSync(path.join(root, 'src'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const config = () =>
    resolveConfig(
      { adapter: 'sqlite', connection: { filename: 'db.sqlite' }, directory: 'migrations', entities: ['src/user.ts'] },
      { root },
    );
  const entity = (body: string) => fs.writeFileSync(path.join(root, 'src', 'user.ts'), `export interface User {\n${body}\n}\n`);
  const files = () =>
    fs.existsSync(path.join(root, 'migrations'))
      ? fs.readdirSync(path.join(root, 'migrations'), { recursive: true }).map(String).sort()
      : [];
  const rows = () => withSqlite(path.join(root, 'db.sqlite'), (db) => db.prepare('SELECT * FROM users ORDER BY id').all());

  /** `users (id, name)` generated and applied, with two rows. */
  async function usersWithRows(): Promise<void> {
    entity('  id: string;\n  name: string;');
    await generateMigration(config(), { now: new Date('2024-01-15T10:00:00Z') });
    await migrateUp(config());
    withSqlite(path.join(root, 'db.sqlite'), (db) => db.exec("INSERT INTO users (id, name) VALUES ('u1', 'Ada'), ('u2', 'Lin')"));
  }

  async function failure(work: Promise<unknown>): Promise<GatiError> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GatiError);
    return error as GatiError;
  }

  it('stops with exit 2 for a new NOT NULL column without a default, naming the column, --backfill and @default; writes nothing', async () => {
    await usersWithRows();
    const written = files();
    entity('  id: string;\n  name: string;\n  age: number;');

    const error = await failure(generateMigration(config(), { now: new Date('2024-02-01T00:00:00Z') }));
    expect(error).toBeInstanceOf(DecisionRequiredError);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('DECISION_REQUIRED');
    expect(error.message).toContain('users.age is a new NOT NULL column without a default');
    expect(error.message).toContain('--backfill users.age=0');
    expect(error.message).toContain('@default');
    expect(files()).toEqual(written);
    // --allow-data-loss is no answer: a value is still needed for the rows.
    await expect(generateMigration(config(), { allowDataLoss: true })).rejects.toBeInstanceOf(DecisionRequiredError);
  });

  it('takes the value from --backfill, fills the rows that exist with it, and makes the column NOT NULL', async () => {
    await usersWithRows();
    entity('  id: string;\n  name: string;\n  age: number;\n  nickname: string;');
    const result = await generateMigration(config(), {
      now: new Date('2024-02-01T00:00:00Z'),
      backfills: ['users.age=40 + 2', 'users.nickname=upper(name)'],
    });
    expect(result.status).toBe('written');
    expect(result.lint.up).toEqual([
      {
        step: 'rebuild table users (age filled with 40 + 2; nickname filled with upper(name))',
        findings: [
          { kind: 'table-rewrite', message: 'rebuilds users: copies every row into a new table and swaps it in' },
          { kind: 'backfill', message: 'fills users.age with 40 + 2 in every row' },
          { kind: 'backfill', message: 'fills users.nickname with upper(name) in every row' },
        ],
      },
    ]);
    await migrateUp(config());
    expect(rows()).toEqual([
      { id: 'u1', name: 'Ada', age: 42, nickname: 'ADA' },
      { id: 'u2', name: 'Lin', age: 42, nickname: 'LIN' },
    ]);
    // Still NOT NULL for new rows.
    expect(() =>
      withSqlite(path.join(root, 'db.sqlite'), (db) => db.exec("INSERT INTO users (id, name, nickname) VALUES ('u3', 'Bo', 'b')")),
    ).toThrow(/NOT NULL constraint failed: users.age/);
  });

  it('asks on a terminal, and stops when the answer is empty', async () => {
    await usersWithRows();
    entity('  id: string;\n  name: string;\n  age: number;');
    const questions: string[] = [];
    const empty = await failure(generateMigration(config(), { askValue: async (q) => (questions.push(q), '') }));
    expect(empty).toBeInstanceOf(DecisionRequiredError);
    expect(questions).toEqual([
      'users.age is a new NOT NULL column without a default, and users may already have rows. What should the rows that already exist get? (a SQL expression such as 0; empty to stop)',
    ]);

    const answered = await generateMigration(config(), { askValue: async () => '7' });
    expect(answered.code).toContain("sql<number>`7`.as('age')");
    await migrateUp(config());
    expect(rows()).toEqual([
      { id: 'u1', name: 'Ada', age: 7 },
      { id: 'u2', name: 'Lin', age: 7 },
    ]);
  });

  it('fills the NULLs of a column made NOT NULL with its default, unasked; a flag overrides the default', async () => {
    entity('  id: string;\n  nickname?: string;\n  rank?: number;');
    await generateMigration(config(), { now: new Date('2024-01-15T10:00:00Z') });
    await migrateUp(config());
    withSqlite(path.join(root, 'db.sqlite'), (db) => db.exec("INSERT INTO users (id) VALUES ('u1')"));
    entity("  id: string;\n  /** @default 'anon' */\n  nickname: string;\n  /** @default 1 */\n  rank: number;");

    const result = await generateMigration(config(), {
      backfills: ['users.rank=0'],
      askValue: async () => fail('no question expected'),
    });
    expect(result.lint.up[0]!.findings.filter((f) => f.kind === 'backfill')).toEqual([
      { kind: 'backfill', message: "fills users.nickname with 'anon' in the rows where nickname is NULL" },
      { kind: 'backfill', message: 'fills users.rank with 0 in the rows where rank is NULL' },
    ]);
    await migrateUp(config());
    expect(rows()).toEqual([{ id: 'u1', nickname: 'anon', rank: 0 }]);
  });

  it('refuses a --backfill flag that names no column becoming NOT NULL, or is not TABLE.COLUMN=SQL', async () => {
    await usersWithRows();
    entity('  id: string;\n  name: string;\n  age?: number;');
    const stale = await failure(generateMigration(config(), { backfills: ['users.age=0'] }));
    expect(stale).toBeInstanceOf(UsageError);
    expect(stale.message).toContain('--backfill users.age');
    expect(stale.message).toContain('nothing to fill');
    const malformed = await failure(generateMigration(config(), { backfills: ['age=0'] }));
    expect(malformed).toBeInstanceOf(UsageError);
    expect(malformed.message).toContain('TABLE.COLUMN=SQL');
  });

  it('checks --backfill at generate: a flag naming nothing fails even when nothing changed; a value that is no SQL expression fails', async () => {
    await usersWithRows();
    const written = files();
    const unchanged = await failure(generateMigration(config(), { backfills: ['users.name=0'] }));
    expect(unchanged).toBeInstanceOf(UsageError);
    expect(unchanged.exitCode).toBe(2);
    expect(unchanged.message).toContain('--backfill users.name: no column of that name becomes NOT NULL');

    entity('  id: string;\n  name: string;\n  email: string;');
    const email = await failure(generateMigration(config(), { backfills: ['users.email=billing@example.com'] }));
    expect(email).toBeInstanceOf(UsageError);
    expect(email.message).toBe(
      `--backfill users.email=billing@example.com: billing@example.com is not a SQL expression ("@" (at 8) is not SQL). ` +
        `A text value needs SQL quotes, and the whole flag quotes for the shell: --backfill "users.email='billing@example.com'".`,
    );
    const word = await failure(generateMigration(config(), { backfills: ['users.email=unknown'] }));
    expect(word.message).toContain('unknown is not a SQL expression (unknown is no column of users)');
    expect(files()).toEqual(written);

    // A column of the table, and a constant, are words that are expressions.
    expect((await generateMigration(config(), { dryRun: true, backfills: ['users.email=name'] })).status).toBe('dry-run');
    const undecided = await failure(generateMigration(config()));
    expect(undecided.message).toContain(`--backfill "users.email='unknown'"`);
  });

  it('reports the down with its findings: a dropped NOT NULL column comes back filled with a placeholder, as data loss', async () => {
    entity('  id: string;\n  name: string;\n  code: string;');
    await generateMigration(config(), { now: new Date('2024-01-15T10:00:00Z') });
    await migrateUp(config());
    withSqlite(path.join(root, 'db.sqlite'), (db) => db.exec("INSERT INTO users (id, name, code) VALUES ('u1', 'Ada', 'X1')"));
    entity('  id: string;\n  name: string;');

    const result = await generateMigration(config(), { allowDataLoss: true, now: new Date('2024-02-01T00:00:00Z') });
    expect(result.lint.down).toEqual([
      {
        step: "rebuild table users (code filled with '')",
        findings: [
          { kind: 'table-rewrite', message: 'rebuilds users: copies every row into a new table and swaps it in' },
          { kind: 'backfill', message: "fills users.code with '' in every row" },
          {
            kind: 'data-loss',
            message:
              "The down adds column users.code back, filled with '' as a placeholder: the values dropped by the up cannot be restored",
          },
        ],
      },
    ]);
    expect(result.code).toContain('dataLoss: {');
    await migrateUp(config());
    await expect(migrateDown(config())).rejects.toThrow(/--allow-data-loss/);
    await migrateDown(config(), { allowDataLoss: true });
    expect(rows()).toEqual([{ id: 'u1', name: 'Ada', code: '' }]);
  });

  it('refuses tables in a schema on a database without schemas, naming them; writes nothing', async () => {
    entity('  id: string;');
    fs.writeFileSync(path.join(root, 'src', 'user.ts'), '/** @schema crm */\nexport interface User {\n  id: string;\n}\n');
    const error = await failure(generateMigration(config()));
    expect(error.code).toBe('SCHEMAS_NOT_SUPPORTED');
    expect(error.message).toContain('crm.users is in a schema other than the default one');
    expect(error.message).toContain('@schema');
    expect(files()).toEqual([]);
  });
});
