/**
 * The same CLI on the database servers: `gati` with DATABASE_URL pointing at a fresh PostgreSQL or MariaDB
 * database generates, applies, reports, converts a column type (add, CAST, drop, rename), rolls back, and
 * lets eight concurrent deployers apply each migration once.
 */
import { Client } from 'pg';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable, type ServerDatabase } from '../support/test-databases';
import { expectSuccess, withProject } from './cli-harness';
import mysql from 'mysql2/promise';

interface Server {
  readonly kind: 'postgresql' | 'mysql';
  create(): Promise<ServerDatabase>;
  /** The column's type as the database names it, and the users' ages. */
  ageColumn(url: string): Promise<{ type: string; ages: unknown[] }>;
}

const SERVERS: Server[] = [
  {
    kind: 'postgresql',
    create: createPostgresDatabase,
    async ageColumn(url) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const type = await client.query(
          "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'age'",
        );
        const rows = await client.query('SELECT age FROM users ORDER BY id');
        return { type: type.rows[0]?.data_type, ages: rows.rows.map((r) => r.age) };
      } finally {
        await client.end();
      }
    },
  },
  {
    kind: 'mysql',
    create: createMysqlDatabase,
    async ageColumn(url) {
      const conn = await mysql.createConnection(url);
      try {
        const [type] = await conn.query(
          "SELECT DATA_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'age'",
        );
        const [rows] = await conn.query('SELECT age FROM users ORDER BY id');
        return { type: (type as { t: string }[])[0]?.t ?? '', ages: (rows as { age: unknown }[]).map((r) => r.age) };
      } finally {
        await conn.end();
      }
    },
  },
];

const USER_V1 = 'export interface User {\n  id: string;\n  name: string;\n  age: string;\n}\n';
const USER_V2 = 'export interface User {\n  id: string;\n  name: string;\n  age: number;\n}\n';

for (const server of SERVERS) {
  it.concurrent(
    `${server.kind}: generate, up, status, a type conversion, down and eight concurrent deployers through the CLI`,
    async () => {
      if (!(await serverAvailable(server.kind))) return;
      const database = await server.create();
      try {
        await withProject(async (project) => {
          const env = { env: { DATABASE_URL: database.url } };
          project.entity('user.ts', USER_V1);
          expectSuccess(await project.gatiWith(env, 'migrate:generate', 'create_users', '--version', '2024-01-15T10:00:00Z'));
          for (const [i, extra] of ['Order', 'Invoice', 'Shipment'].entries()) {
            project.entity(`${extra.toLowerCase()}.ts`, `export interface ${extra} {\n  id: string;\n  total: number;\n}\n`);
            expectSuccess(
              await project.gatiWith(env, 'migrate:generate', `create_${extra.toLowerCase()}s`, '--version', `2024-01-1${6 + i}T10:00:00Z`),
            );
          }

          const deployers = await Promise.all(Array.from({ length: 8 }, () => project.gatiWith(env, 'migrate:up')));
          for (const run of deployers) expectSuccess(run);
          expect(deployers.flatMap((run) => run.stdout.split('\n').filter((l) => l.startsWith('Applied ')))).toHaveLength(4);

          const status = await project.gatiJson('migrate:status', '--url', database.url);
          expect(status.json.counts).toEqual({ applied: 4, pending: 0, failed: 0, unknown: 0, modified: 0, missing: 0 });

          const insert = `INSERT INTO users (id, name, age) VALUES ('u1', 'Ada', '42')`;
          if (server.kind === 'postgresql') {
            const client = new Client({ connectionString: database.url });
            await client.connect();
            await client.query(insert);
            await client.end();
          } else {
            const conn = await mysql.createConnection(database.url);
            await conn.query(insert);
            await conn.end();
          }

          project.entity('user.ts', USER_V2);
          const converted = expectSuccess(await project.gatiWith(env, 'migrate:generate', '--version', '2024-02-01T00:00:00Z'));
          expect(converted.stdout).toMatch(/convert users\.age .*add column, fill it with usersAgeToInt/);
          expectSuccess(await project.gatiWith(env, 'migrate:up'));
          const after = await server.ageColumn(database.url);
          expect(after.type).toMatch(/^int/);
          expect(after.ages).toEqual([42]);

          // The down gives text back, but not ' 7' as it was: the file says so, and down asks for consent.
          expect((await project.gatiWith(env, 'migrate:down')).status).toBe(2);
          expectSuccess(await project.gatiWith(env, 'migrate:down', '--allow-data-loss'));
          const before = await server.ageColumn(database.url);
          expect(before.type).toMatch(/char/);
          expect(before.ages).toEqual(['42']);
          // The rolled-back conversion is pending again, which --check reports with exit 1.
          expect((await project.gatiWith(env, 'migrate:status', '--check')).status).toBe(1);
        });
      } finally {
        await database.drop();
      }
    },
  );
}
