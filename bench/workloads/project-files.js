// The config files of the benchmark projects, and writing a project to disk. Every project lives under
// bench/.work, inside this repository, so that `kysely`, `pg`, `better-sqlite3`, `drizzle-kit` and
// `drizzle-orm` resolve from its node_modules as they would in a user's project.
const fs = require('node:fs');
const path = require('node:path');

/** gati.config.ts for `up`/`status`: the database comes from DATABASE_URL (PostgreSQL) or SQLITE_FILE. */
function gatiRunnerConfig(dialect) {
  const migrations =
    dialect === 'sqlite'
      ? "adapter: 'sqlite',\n    connection: { filename: process.env.SQLITE_FILE },"
      : "adapter: 'postgresql',\n    connection: { url: process.env.DATABASE_URL },";
  return `import { defineConfig } from '@gati-framework/migrations';

export default defineConfig({
  migrations: {
    ${migrations}
  },
});
`;
}

/** kysely.config.ts, as kysely-ctl's docs write it, on the same drivers gati uses (pg, better-sqlite3). */
function kyselyCtlConfig(dialect) {
  if (dialect === 'sqlite') {
    return `import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { defineConfig } from 'kysely-ctl';

export default defineConfig({
  dialect: new SqliteDialect({ database: new Database(process.env.SQLITE_FILE) }),
  migrations: { migrationFolder: 'migrations' },
});
`;
  }
  return `import { PostgresDialect } from 'kysely';
import { defineConfig } from 'kysely-ctl';
import { Pool } from 'pg';

export default defineConfig({
  dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }),
  migrations: { migrationFolder: 'migrations' },
});
`;
}

/** Writes `files` ({ relative path: text }) under `root`, which is emptied first. */
function writeProject(root, files) {
  fs.rmSync(root, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
}

/** Writes `files` into an existing folder (prefixing each path with `prefix`). */
function addFiles(root, files, prefix = '') {
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, prefix, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
}

module.exports = { gatiRunnerConfig, kyselyCtlConfig, writeProject, addFiles };
