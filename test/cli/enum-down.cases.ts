/**
 * `migrate:down` of enum widenings whose new values are in use by then, through the built `gati` binary on SQLite,
 * PostgreSQL and MariaDB: refused without --allow-data-loss (exit 2, nothing rolled back); with it, each down maps
 * the rows holding a value it removes as its file declares, and `--all --allow-data-loss` rolls everything back.
 */
import { Client } from 'pg';
import mysql from 'mysql2/promise';
import { createMysqlDatabase, createPostgresDatabase, serverAvailable } from '../support/test-databases';
import { type Project, type RunOptions, expectCleanFailure, expectSuccess, withProject } from './cli-harness';

/** Where the CLI's database is, and how the test writes and reads rows there. */
interface Target {
  readonly env: RunOptions;
  run(statement: string): Promise<void>;
  statuses(): Promise<unknown[]>;
  drop(): Promise<void>;
}

type Kind = 'sqlite' | 'postgresql' | 'mysql';

async function target(kind: Kind, project: Project): Promise<Target | undefined> {
  const statuses = 'SELECT status FROM posts ORDER BY id';
  if (kind === 'sqlite') {
    return {
      env: {},
      run: async (statement) => project.exec(statement),
      statuses: async () => project.query(statuses).map((row) => row.status),
      drop: async () => undefined,
    };
  }
  if (!(await serverAvailable(kind))) return undefined;
  const database = await (kind === 'postgresql' ? createPostgresDatabase() : createMysqlDatabase());
  const query = async (statement: string): Promise<Record<string, unknown>[]> => {
    if (kind === 'postgresql') {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(statement)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    }
    const conn = await mysql.createConnection(database.url);
    try {
      return (await conn.query(statement))[0] as Record<string, unknown>[];
    } finally {
      await conn.end();
    }
  };
  return {
    env: { env: { DATABASE_URL: database.url } },
    run: async (statement) => void (await query(statement)),
    statuses: async () => (await query(statuses)).map((row) => row.status),
    drop: () => database.drop(),
  };
}

const post = (values: string) => `export interface Post {\n  id: number;\n  status: ${values};\n}\n`;

// Nine gati processes in a row, three dialects at once: more than the suite's default two minutes.
for (const kind of ['sqlite', 'postgresql', 'mysql'] as const) {
  it.concurrent(
    `${kind}: down --all --allow-data-loss maps the enum values the downs remove, as the files say`,
    async () => {
      await withProject(async (project) => {
        const db = await target(kind, project);
        if (!db) return; // no server (outside CI)
        try {
          const gati = (...args: string[]) => project.gatiWith(db.env, ...args);
          project.entity('post.ts', post("'draft' | 'live'"));
          expectSuccess(await gati('migrate:generate', 'create_posts', '--version', '2024-01-10T10:00:00Z'));
          project.entity('post.ts', post("'draft' | 'live' | 'archived'"));
          expectSuccess(await gati('migrate:generate', 'add_archived', '--version', '2024-01-11T10:00:00Z'));
          project.entity('post.ts', post("'draft' | 'live' | 'archived' | 'hidden'"));
          expectSuccess(await gati('migrate:generate', 'add_hidden', '--version', '2024-01-12T10:00:00Z'));
          expect(project.read(project.migrationFile('add_hidden'))).toMatch(
            /const postsStatusRemovedFromPostsStatus: [\s\S]*?= \{\s*hidden: 'draft',?\s*\}/,
          );
          expectSuccess(await gati('migrate:up'));
          await db.run("INSERT INTO posts (id, status) VALUES (1, 'live'), (2, 'archived'), (3, 'hidden')");

          // The down loses 'hidden': refused without the flag, nothing rolled back.
          expect(expectCleanFailure(await gati('migrate:down'), 2)).toMatch(/--allow-data-loss/);
          expect(await db.statuses()).toEqual(['live', 'archived', 'hidden']);

          // With it, the rows holding 'hidden' get the value the file maps it to, and the down finishes.
          expectSuccess(await gati('migrate:down', '--allow-data-loss'));
          expect(await db.statuses()).toEqual(['live', 'archived', 'draft']);

          // Every other down too: 'archived' is mapped, then the table goes.
          expectSuccess(await gati('migrate:up'));
          await db.run("UPDATE posts SET status = 'hidden' WHERE id = 3");
          const all = expectSuccess(await gati('migrate:down', '--all', '--allow-data-loss'));
          expect(all.stdout.match(/^Rolled back /gm)).toHaveLength(3);
          expect(all.stdout).toMatch(/_create_posts/);
        } finally {
          await db.drop();
        }
      });
    },
    300_000,
  );
}
