/**
 * No silent coercion: `age: string` -> `age: number` on rows holding values that are not whole numbers stops the
 * migration before it changes anything, naming the table, the column, how many rows and the first of them with
 * their keys, on every dialect (SQLite's CAST would have stored 0, 0 and 3). The reviewer maps such values by
 * editing the conversion the file declares, and then it applies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely } from 'kysely';
import { generateMigration, migrateDown, migrateUp, migrationStatus } from '../../src/api';
import { resolveSqlConfig } from '../../src/config';
import { MigrationFailedError } from '../../src/errors';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable, type ServerDatabase } from '../../../../test/support/test-databases';

type Dialect = 'sqlite' | 'postgresql' | 'mysql';

const USER_V1 = 'export interface User {\n  id: string;\n  age: string;\n}\n';
const USER_V2 = 'export interface User {\n  id: string;\n  age: number;\n}\n';
const ROWS = [
  { id: 'a', age: '42' },
  { id: 'b', age: 'abc' },
  { id: 'c', age: '' },
  { id: 'd', age: '3.9' },
  { id: 'e', age: ' 7' },
];

describe.each<Dialect>(['sqlite', 'postgresql', 'mysql'])('a conversion whose values do not all convert, on %s', (dialect) => {
  let available = true;
  let root: string;
  let server: ServerDatabase | undefined;

  beforeAll(async () => {
    if (dialect !== 'sqlite') available = await serverAvailable(dialect);
  });
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), `gati-conversion-${dialect}-`));
    if (available && dialect !== 'sqlite') server = dialect === 'postgresql' ? await createPostgresDatabase() : await createMysqlDatabase();
  });
  afterEach(async () => {
    await server?.drop();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stops before anything changes, naming the rows; mapped in the REVIEW expression, it applies', async () => {
    if (!available) return;
    const connection = dialect === 'sqlite' ? { filename: path.join(root, 'db.sqlite') } : { url: server!.url };
    const config = resolveSqlConfig({ adapter: dialect, connection, entities: ['entities/*.ts'] }, { root });
    fs.mkdirSync(path.join(root, 'entities'));
    const entity = path.join(root, 'entities', 'user.ts');
    const db = new Kysely<any>({ dialect: config.adapter.createDialect(config.connection) });
    try {
      fs.writeFileSync(entity, USER_V1);
      await generateMigration(config, { name: 'create_users', version: '2024-01-01T00:00:00Z' });
      await migrateUp(config);
      await db.insertInto('users').values(ROWS).execute();
      fs.writeFileSync(entity, USER_V2);
      const generated = await generateMigration(config, { name: 'age_to_number', version: '2024-02-01T00:00:00Z' });

      const failure = await migrateUp(config).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MigrationFailedError);
      expect((failure as Error).message).toMatch(
        /users\.age: 3 rows hold values that do not convert to int \(id 'b': 'abc'; id 'c': ''; id 'd': '3\.9'\), so users\.age was left as it was\. Map such values in the migration's conversion of users\.age \(its REVIEW expression\)/,
      );
      // Nothing changed: the column and every value are as they were.
      expect(await db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(ROWS);
      const { migrations } = await migrationStatus(config);
      expect(migrations.map((m) => m.state)).toEqual(['applied', 'failed']);

      // The reviewer maps what does not convert to 0, in the one place the file declares the conversion.
      const file = generated.file!;
      const mapped = fs
        .readFileSync(file, 'utf8')
        .replace(
          /(const usersAgeToInt = \(value: Expression<unknown>\): RawBuilder<number \| null> =>\s*sql`)([\s\S]*?)(`;)/,
          '$1COALESCE($2, 0)$3',
        );
      expect(mapped).toContain('COALESCE(');
      fs.writeFileSync(file, mapped);
      await migrateUp(config);
      expect(await db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual([
        { id: 'a', age: 42 },
        { id: 'b', age: 0 },
        { id: 'c', age: 0 },
        { id: 'd', age: 0 },
        { id: 'e', age: 7 },
      ]);

      // The down writes each number's own text, which it says: it needs --allow-data-loss.
      await expect(migrateDown(config)).rejects.toThrow(/' 7', '\+7' or '007' for 7\) does not come back as it was/);
      await migrateDown(config, { allowDataLoss: true });
      expect((await db.selectFrom('users').select('age').where('id', '=', 'e').executeTakeFirst())?.age).toBe('7');
    } finally {
      await db.destroy();
    }
  });
});
