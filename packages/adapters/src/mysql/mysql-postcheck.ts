import { type Kysely, sql } from 'kysely';

/** A backquoted identifier, as Kysely's MySQL compiler and the writers' `sql.id`/`sql.ref` write it. */
const NAME = '`((?:[^`]|``)+)`';

/** A statement that changes more than one thing (`ADD COLUMN …, DROP PRIMARY KEY, …`): not checked. */
const MORE_CLAUSES = /,\s*(add|drop|modify|change|rename|alter|algorithm|lock)\b/i;

type Catalog = {
  table(table: string): Promise<boolean>;
  column(table: string, column: string): Promise<string | undefined>;
  index(table: string, index: string): Promise<boolean>;
  foreignKey(table: string, name: string): Promise<boolean>;
  /** A constraint of any kind (unique, primary key, foreign key, check) by that name. */
  constraint(table: string, name: string): Promise<boolean>;
};

/** One statement shape a generated migration sends, and what in the catalog says it took effect. */
interface Check {
  readonly pattern: RegExp;
  /** `names`: the identifiers the pattern matched; `rest`: the text after it (an added column's type). */
  readonly inEffect: (catalog: Catalog, names: string[], rest: string) => Promise<boolean | undefined>;
}

const CHECKS: readonly Check[] = [
  { pattern: re(`create table (?:if not exists )?${NAME}`), inEffect: (c, [t]) => c.table(t!) },
  { pattern: re(`drop table (?:if exists )?${NAME}$`), inEffect: async (c, [t]) => !(await c.table(t!)) },
  {
    pattern: re(`alter table ${NAME} rename to ${NAME}$`),
    inEffect: async (c, [from, to]) => !(await c.table(from!)) && (await c.table(to!)),
  },
  {
    pattern: re(`alter table ${NAME} add column ${NAME} `),
    inEffect: async (c, [t, column], type) => {
      const found = await c.column(t!, column!);
      return found !== undefined && sameTypeFamily(type, found);
    },
  },
  {
    pattern: re(`alter table ${NAME} drop column ${NAME}$`),
    inEffect: async (c, [t, column]) => (await c.column(t!, column!)) === undefined,
  },
  {
    pattern: re(`alter table ${NAME} rename column ${NAME} to ${NAME}$`),
    inEffect: async (c, [t, from, to]) => (await c.column(t!, from!)) === undefined && (await c.column(t!, to!)) !== undefined,
  },
  { pattern: re(`create (?:unique )?index ${NAME} on ${NAME}`), inEffect: (c, [i, t]) => c.index(t!, i!) },
  { pattern: re(`drop index ${NAME} on ${NAME}$`), inEffect: async (c, [i, t]) => !(await c.index(t!, i!)) },
  { pattern: re(`alter table ${NAME} add (?:unique )?(?:index|key) ${NAME}`), inEffect: (c, [t, i]) => c.index(t!, i!) },
  { pattern: re(`alter table ${NAME} add constraint ${NAME} (?:unique|primary key)`), inEffect: (c, [t, i]) => c.index(t!, i!) },
  { pattern: re(`alter table ${NAME} add constraint ${NAME} foreign key`), inEffect: (c, [t, k]) => c.foreignKey(t!, k!) },
  { pattern: re(`alter table ${NAME} drop foreign key ${NAME}$`), inEffect: async (c, [t, k]) => !(await c.foreignKey(t!, k!)) },
  { pattern: re(`alter table ${NAME} drop (?:index|key) ${NAME}$`), inEffect: async (c, [t, i]) => !(await c.index(t!, i!)) },
  {
    pattern: re(`alter table ${NAME} drop constraint ${NAME}$`),
    inEffect: async (c, [t, k]) => !(await c.constraint(t!, k!)),
  },
];

/**
 * Whether a statement of a generated migration already took effect, asked of information_schema (see
 * Adapter.postcheck): what lets `up` go on with the step a killed run was in without failing on "Duplicate column
 * name" or "Table already exists". Checks the statements the generator writes one change at a time (create and
 * drop table, add, drop and rename column, create and drop index, add and drop foreign key or unique key); an
 * added column counts only when its type is of the same family. Anything else (`MODIFY COLUMN`, an `UPDATE`
 * backfill, which can run again) is `undefined`: not checked.
 *
 * @example
 * ```ts
 * await mysqlPostcheck(db, { sql: 'alter table `users` add column `email` varchar(255)', parameters: [] });
 * // true once the column exists (as a varchar)
 * ```
 */
export async function mysqlPostcheck(
  db: Kysely<any>,
  statement: { readonly sql: string; readonly parameters: readonly unknown[] },
): Promise<boolean | undefined> {
  const text = statement.sql.trim().replace(/;$/, '').replace(/\s+/g, ' ');
  for (const check of CHECKS) {
    const match = check.pattern.exec(text);
    if (!match) continue;
    const rest = text.slice(match[0].length);
    if (MORE_CLAUSES.test(rest)) return undefined;
    const names = match.slice(1).map((n) => n.replace(/``/g, '`'));
    return check.inEffect(catalog(db), names, rest);
  }
  return undefined;
}

function re(source: string): RegExp {
  return new RegExp(`^${source.replace(/ /g, '\\s+')}`, 'i');
}

function catalog(db: Kysely<any>): Catalog {
  const exists = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows.length > 0;
  return {
    table: (table) => exists(sql`SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table}`),
    async column(table, column) {
      const { rows } = await sql<{ type: string }>`SELECT DATA_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table} AND COLUMN_NAME = ${column}`.execute(db);
      return rows[0] ? String(rows[0].type).toLowerCase() : undefined;
    },
    index: (table, index) =>
      exists(
        sql`SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${table} AND INDEX_NAME = ${index}`,
      ),
    foreignKey: (table, name) =>
      exists(
        sql`SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ${table}
          AND CONSTRAINT_NAME = ${name} AND CONSTRAINT_TYPE = 'FOREIGN KEY'`,
      ),
    constraint: (table, name) =>
      exists(
        sql`SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ${table}
          AND CONSTRAINT_NAME = ${name}`,
      ),
  };
}

/** The DATA_TYPE values a declared type can come back as (MariaDB stores `json` as `longtext`, `boolean` as `tinyint`). */
const TYPE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  integer: ['int'],
  int: ['int'],
  boolean: ['tinyint'],
  bool: ['tinyint'],
  double: ['double'],
  real: ['double'],
  float: ['float', 'double'],
  numeric: ['decimal'],
  json: ['json', 'longtext'],
};

/** Whether a column of DATA_TYPE `found` is what `declared` (the column definition of an ADD COLUMN) makes. */
function sameTypeFamily(declared: string, found: string): boolean {
  const head = /^[a-z]+/i.exec(declared.trim())?.[0]?.toLowerCase() ?? '';
  return (TYPE_FAMILIES[head] ?? [head]).includes(found);
}
