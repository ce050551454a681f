// Workload generator for `generate`: the same schema of N tables x 10 columns, written as gati entity
// interfaces and as a drizzle schema for PostgreSQL (one file per table for both), with one added column for
// the incremental case. Both tools produce the same PostgreSQL types for it (see COLUMNS).

/**
 * The ten columns. `ts` is the gati entity property, `drizzle` the drizzle column; both mean the PostgreSQL type
 * in `pg` (the gati mapping of the contract, and drizzle's).
 */
const COLUMNS = [
  { ts: 'id: number;', drizzle: "id: integer('id').primaryKey()", pg: 'integer primary key' },
  { ts: 'name: string;', drizzle: "name: varchar('name', { length: 255 }).notNull()", pg: 'varchar(255) not null' },
  { ts: 'email?: string;', drizzle: "email: varchar('email', { length: 255 })", pg: 'varchar(255)' },
  { ts: 'age: number;', drizzle: "age: integer('age').notNull()", pg: 'integer not null' },
  { ts: 'score: bigint;', drizzle: "score: bigint('score', { mode: 'bigint' }).notNull()", pg: 'bigint not null' },
  { ts: 'active: boolean;', drizzle: "active: boolean('active').notNull()", pg: 'boolean not null' },
  { ts: 'createdAt: Date;', drizzle: "createdAt: timestamp('created_at', { withTimezone: true }).notNull()", pg: 'timestamptz not null' },
  { ts: 'updatedAt: Date | null;', drizzle: "updatedAt: timestamp('updated_at', { withTimezone: true })", pg: 'timestamptz' },
  { ts: '/** @text */\n  notes?: string;', drizzle: "notes: text('notes')", pg: 'text' },
  { ts: 'data: Record<string, unknown>;', drizzle: "data: jsonb('data').notNull()", pg: 'jsonb not null' },
];

/** The column the incremental case adds to the first table. */
const ADDED_COLUMN = { ts: 'nickname?: string;', drizzle: "nickname: varchar('nickname', { length: 255 })", pg: 'varchar(255)' };

const pad = (i) => String(i).padStart(3, '0');
/** `Widget001`: gati names its table `widget001s` (snake_case plural), and so does the drizzle schema. */
const typeName = (i) => `Widget${pad(i)}`;
const tableName = (i) => `widget${pad(i)}s`;
const fileName = (i) => `widget-${pad(i)}.ts`;

function columnsOf(i, withAddedColumn) {
  return withAddedColumn && i === 1 ? [...COLUMNS, ADDED_COLUMN] : COLUMNS;
}

/** `src/entities/widget-001.ts`: one exported interface, one table. */
function gatiEntityFile(i, { withAddedColumn = false } = {}) {
  const props = columnsOf(i, withAddedColumn).map((c) => `  ${c.ts}`);
  return `export interface ${typeName(i)} {\n${props.join('\n')}\n}\n`;
}

/** `src/schema/widget-001.ts`: one pgTable. */
function drizzleSchemaFile(i, { withAddedColumn = false } = {}) {
  const cols = columnsOf(i, withAddedColumn).map((c) => `  ${c.drizzle},`);
  return (
    "import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';\n\n" +
    `export const ${tableName(i)} = pgTable('${tableName(i)}', {\n${cols.join('\n')}\n});\n`
  );
}

const GATI_CONFIG = `import { defineConfig } from '@gati-framework/migrations';

export default defineConfig({
  migrations: {
    adapter: 'postgresql',
    connection: { url: process.env.DATABASE_URL },
    entities: './src/entities/*.ts',
  },
});
`;

const DRIZZLE_CONFIG = `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/*.ts',
  out: './drizzle',
});
`;

/**
 * The files of both projects for `count` tables: `{ gati: { path: text }, drizzle: { path: text } }`, paths
 * relative to each project's root.
 */
function generateProjects(count, { withAddedColumn = false } = {}) {
  const gati = { 'gati.config.ts': GATI_CONFIG };
  const drizzle = { 'drizzle.config.ts': DRIZZLE_CONFIG };
  for (let i = 1; i <= count; i++) {
    gati[`src/entities/${fileName(i)}`] = gatiEntityFile(i, { withAddedColumn });
    drizzle[`src/schema/${fileName(i)}`] = drizzleSchemaFile(i, { withAddedColumn });
  }
  return { gati, drizzle };
}

module.exports = { COLUMNS, ADDED_COLUMN, generateProjects, gatiEntityFile, drizzleSchemaFile, tableName, fileName };
