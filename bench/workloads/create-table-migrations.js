// Workload generator for `up` and `status`: M migrations, each creating one table of the 10-column schema of
// entity-schema.js, written three ways from one source:
// - gati migration files exactly as `gati migrate:generate` writes them (it is run once, for the first table,
//   and the file is repeated with each table's name and version);
// - kysely-ctl migration files (`export async function up/down(db: Kysely<any>)`) with the same builder code;
// - one .sql script of the same DDL, compiled by Kysely from that code, for `psql -f` and `sqlite3`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runOnce } = require('../lib/process-timer');
const { gatiEntityFile, tableName } = require('./entity-schema');

const FIRST = tableName(1);
const BASE_TIME = Date.UTC(2024, 0, 1);

/** Migration i (from 1): its file name (without extension) and version; one minute apart. */
function migrationId(i) {
  const at = new Date(BASE_TIME + i * 60_000);
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return { name: `${stamp}_create_${tableName(i)}`, version: at.toISOString().replace('.000Z', 'Z') };
}

/** What `gati migrate:generate` writes for the first table on `dialect` ('postgresql' | 'sqlite'). */
function generatedTemplate(gatiBin, dialect) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gati-bench-template-'));
  try {
    fs.mkdirSync(path.join(dir, 'src/entities'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/entities/widget-001.ts'), gatiEntityFile(1));
    const url = dialect === 'sqlite' ? 'sqlite::memory:' : 'postgres://postgres@127.0.0.1:5432/unused';
    const { version } = migrationId(1);
    runOnce(['node', gatiBin, 'migrate:generate', `create_${FIRST}`, '--version', version, '--url', url], { cwd: dir });
    const [file] = fs.readdirSync(path.join(dir, 'migrations')).filter((f) => f.endsWith('.ts'));
    return fs.readFileSync(path.join(dir, 'migrations', file), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bodies of `up` and `down` in a generated gati migration. */
function bodiesOf(template) {
  const match =
    /\n {2}up: async \(db: Kysely<Before>\) => \{\n([\s\S]*?)\n {2}\},\n {2}down: async \(db: Kysely<After>\) => \{\n([\s\S]*?)\n {2}\},\n\}\);/.exec(
      template,
    );
  if (!match) throw new Error(`Unexpected shape of the generated migration:\n${template}`);
  return { up: match[1], down: match[2] };
}

function forTable(text, i) {
  const { version } = migrationId(i);
  return text.replaceAll(FIRST, tableName(i)).replace(/version: '[^']*'/, `version: '${version}'`);
}

function kyselyCtlFile({ up, down }) {
  const needsSql = /\bsql`/.test(up + down);
  return (
    `import { ${needsSql ? 'sql, ' : ''}type Kysely } from 'kysely';\n\n` +
    `export async function up(db: Kysely<any>): Promise<void> {\n${up}\n}\n\n` +
    `export async function down(db: Kysely<any>): Promise<void> {\n${down}\n}\n`
  );
}

/** The SQL the `up` body runs on `dialect`, compiled by Kysely (no database involved). */
async function compiledSql(upBody, dialect) {
  const kysely = require('kysely');
  const [Adapter, Introspector, Compiler] =
    dialect === 'sqlite'
      ? [kysely.SqliteAdapter, kysely.SqliteIntrospector, kysely.SqliteQueryCompiler]
      : [kysely.PostgresAdapter, kysely.PostgresIntrospector, kysely.PostgresQueryCompiler];
  const statements = [];
  const db = new kysely.Kysely({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new kysely.DummyDriver(),
      createIntrospector: (d) => new Introspector(d),
      createQueryCompiler: () => new Compiler(),
    },
    log: (event) => {
      if (event.query.parameters.length > 0) throw new Error(`DDL with parameters: ${event.query.sql}`);
      statements.push(event.query.sql);
    },
  });
  const run = new Function('db', 'sql', `return (async () => {\n${upBody}\n})();`);
  await run(db, kysely.sql);
  await db.destroy();
  return statements;
}

/**
 * The three projects' migrations for `count` tables on `dialect`: `{ gati: { file: text }, kyselyCtl: { file: text },
 * sql: text, statementsPerMigration }`, file names relative to the migrations folder.
 */
async function createTableMigrations(gatiBin, dialect, count) {
  const template = generatedTemplate(gatiBin, dialect);
  const bodies = bodiesOf(template);
  const kyselyTemplate = kyselyCtlFile(bodies);
  const statements = await compiledSql(bodies.up, dialect);
  const gati = {};
  const kyselyCtl = {};
  const sql = [];
  for (let i = 1; i <= count; i++) {
    const { name } = migrationId(i);
    gati[`${name}.ts`] = forTable(template, i);
    kyselyCtl[`${name}.ts`] = kyselyTemplate.replaceAll(FIRST, tableName(i));
    for (const statement of statements) sql.push(`${statement.replaceAll(FIRST, tableName(i))};`);
  }
  return { gati, kyselyCtl, sql: `${sql.join('\n')}\n`, statementsPerMigration: statements.length };
}

module.exports = { createTableMigrations, migrationId };
