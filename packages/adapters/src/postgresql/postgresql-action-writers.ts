import {
  type ActionOf,
  type ActionWriters,
  type ForeignKeyModel,
  type IndexModel,
  type WriterContext,
  addPrimaryKeyCode,
  alterColumnStatements,
  comment,
  id,
  inSchemaOf,
  NO_CHANGE_IN_PLACE,
  portableWriters,
  quotedName,
  rawSql,
  ref,
  str,
  strList,
  unqualifiedName,
} from '@gati-framework/migrations';

/**
 * The actions PostgreSQL writes its own way; every other action is the core's portable writer.
 *
 * - `createIndex` / `dropIndex` on a table that exists: `CONCURRENTLY` (writes go on meanwhile), outside a
 *   transaction; a build keeps the valid index an earlier attempt finished and drops an INVALID one, so it can run again.
 * - `addEnumValue`: `ALTER TYPE … ADD VALUE IF NOT EXISTS … BEFORE/AFTER` (no table rewrite).
 * - `addForeignKey` to an existing table: `NOT VALID`, then `validateForeignKey`: `VALIDATE CONSTRAINT`.
 * - `dropPrimaryKey`: the key by the name the catalog has for it (a table renamed since it was created keeps its
 *   key's old name); `replacePrimaryKey` drops it so, then adds the new one.
 * - `changeColumnType`: `ALTER COLUMN … TYPE … USING` (the portable writer has no USING), for a type change that
 *   keeps every value: a wider varchar, or varchar to text, changes the catalog only; others rewrite the table.
 * - `alterColumn`: the portable ALTER COLUMN statements, and an identity column made in place (its sequence set
 *   past the ids the rows hold) or unmade.
 * - `renameEnum`, `renameIndex`: `ALTER TYPE … RENAME TO`, `ALTER INDEX … RENAME TO` (the catalog only).
 * - `renamePrimaryKey`: `RENAME CONSTRAINT` from the name the catalog has for the key (a table renamed by an
 *   earlier version of this tool kept its key's old name) to the one of its table.
 * - `recreateEnum`: the type renamed away, created again with the new values, every column moved over through
 *   its text, the old type dropped.
 *
 * @example
 * ```ts
 * import { postgresqlWriters } from '@gati-framework/migrations-adapters/postgresql';
 * postgresqlWriters.addEnumValue!({ kind: 'addEnumValue', enum: status, value: 'paid', after: 'pending' }, ctx);
 * // "await sql`ALTER TYPE ${sql.id('order_status')} ADD VALUE IF NOT EXISTS ${sql.lit('paid')} AFTER ${sql.lit('pending')}`.execute(db);"
 * ```
 */
export const postgresqlWriters: ActionWriters = Object.freeze({
  createIndex: (action, ctx) =>
    action.concurrently ? createIndexConcurrentlyCode(action.table, action.index) : portableWriters.createIndex!(action, ctx),
  dropIndex: (action, ctx) =>
    action.concurrently
      ? `await ${rawSql(['DROP INDEX CONCURRENTLY IF EXISTS ', id(inSchemaOf(action.table, action.index.name))])}.execute(db);`
      : portableWriters.dropIndex!(action, ctx),
  addEnumValue: addEnumValueCode,
  addForeignKey: (action, ctx) =>
    action.notValid ? addForeignKeyNotValidCode(action.table, action.foreignKey) : portableWriters.addForeignKey!(action, ctx),
  validateForeignKey: (action) =>
    `await ${rawSql(['ALTER TABLE ', { code: `sql.table(${str(action.table)})` }, ' VALIDATE CONSTRAINT ', id(action.foreignKey.name)])}.execute(db);`,
  dropPrimaryKey: (action) => dropPrimaryKeyCode(action.table),
  replacePrimaryKey: (action) => [dropPrimaryKeyCode(action.table), addPrimaryKeyCode(action.table, action.to)].join('\n'),
  alterColumn: alterColumnCode,
  changeColumnType: (action, ctx) => {
    const type = ctx.adapter.types.columnType(action.to.type, ctx.enums);
    const column = ref(action.to.name);
    return `await ${rawSql(['ALTER TABLE ', { code: `sql.table(${str(action.table)})` }, ' ALTER COLUMN ', column, ` TYPE ${type} USING `, column, `::${type}`])}.execute(db);`;
  },
  recreateEnum: recreateEnumCode,
  renameEnum: (action) => `await ${rawSql(['ALTER TYPE ', id(action.from), ' RENAME TO ', id(unqualifiedName(action.to))])}.execute(db);`,
  renameIndex: (action) =>
    `await ${rawSql(['ALTER INDEX ', id(inSchemaOf(action.table, action.from)), ' RENAME TO ', id(action.index.name)])}.execute(db);`,
  renamePrimaryKey: (action) => renamePrimaryKeyCode(action.table, action.to),
} satisfies ActionWriters);

/**
 * CREATE INDEX CONCURRENTLY (Kysely's builder has no such option, so through rawSql), so that it can always be run
 * again: an index of that name that an earlier attempt finished building (valid in `pg_index`) is kept, as after
 * a run killed while the server went on building it; an INVALID one (a failed attempt's) is dropped and built
 * again; a build that fails drops what it leaves (a later ALTER TABLE that rewrites the table would rebuild it,
 * and fail as it did).
 */
function createIndexConcurrentlyCode(table: string, index: IndexModel): string {
  const name = inSchemaOf(table, index.name);
  const columns = { code: `sql.join([${index.columns.map((c) => `sql.ref(${str(c)})`).join(', ')}])` };
  const drop = `await ${rawSql(['DROP INDEX CONCURRENTLY IF EXISTS ', id(name)])}.execute(db);`;
  const valid = rawSql(
    ['SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass(', { code: str(quotedName(name)) }, ')'],
    '{ valid: boolean }',
  );
  // Sleeps 0.2 s per row, so that each poll is a short statement of its own: the build waits for older snapshots.
  const building = rawSql([
    'SELECT pg_sleep(0.2) FROM pg_stat_progress_create_index WHERE index_relid = to_regclass(',
    { code: str(quotedName(name)) },
    ') AND pid <> pg_backend_pid()',
  ]);
  return [
    comment(
      'An earlier attempt may have left the index: kept when its build finished (valid), else dropped and built again. ' +
        'The build of a run that was killed goes on in the server: wait for it to end before looking.',
    ),
    `while ((await ${building}.execute(db)).rows.length > 0) {`,
    comment('the build is still running'),
    '}',
    `const existing = await ${valid}.execute(db);`,
    'if (!existing.rows[0]?.valid) {',
    drop,
    'try {',
    `await ${rawSql([`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY `, id(index.name), ' ON ', { code: `sql.table(${str(table)})` }, ' (', columns, ')'])}.execute(db);`,
    '} catch (error) {',
    comment('A build that fails leaves its INVALID index, which every later rewrite of the table would try to rebuild.'),
    drop,
    'throw error;',
    '}',
    '}',
  ].join('\n');
}

/** ALTER TYPE … ADD VALUE, IF NOT EXISTS so that the action can be run again after a failure. */
function addEnumValueCode(action: ActionOf<'addEnumValue'>): string {
  const position =
    action.before !== undefined
      ? [' BEFORE ', { code: `sql.lit(${str(action.before)})` }]
      : action.after !== undefined
        ? [' AFTER ', { code: `sql.lit(${str(action.after)})` }]
        : [];
  return `await ${rawSql(['ALTER TYPE ', id(action.enum.name), ' ADD VALUE IF NOT EXISTS ', { code: `sql.lit(${str(action.value)})` }, ...position])}.execute(db);`;
}

/**
 * ADD CONSTRAINT … FOREIGN KEY … NOT VALID (Kysely's builder has no such option, so through rawSql): the rows that
 * exist are checked by the VALIDATE CONSTRAINT action that follows.
 */
function addForeignKeyNotValidCode(table: string, fk: ForeignKeyModel): string {
  const list = (columns: readonly string[]) => ({ code: `sql.join([${columns.map((c) => `sql.ref(${str(c)})`).join(', ')}])` });
  return `await ${rawSql([
    'ALTER TABLE ',
    { code: `sql.table(${str(table)})` },
    ' ADD CONSTRAINT ',
    id(fk.name),
    ' FOREIGN KEY (',
    list(fk.columns),
    ') REFERENCES ',
    { code: `sql.table(${str(fk.referencedTable)})` },
    ' (',
    list(fk.referencedColumns),
    `)${fk.onDelete ? ` ON DELETE ${fk.onDelete.toUpperCase()}` : ''} NOT VALID`,
  ])}.execute(db);`;
}

/** DROP CONSTRAINT with the primary key's name as the catalog has it (a renamed table keeps its key's old name). */
function dropPrimaryKeyCode(table: string): string {
  const regclass = { code: `sql.lit(${str(quotedName(table))})` };
  return `await ${rawSql([
    'DO $$ DECLARE key_name text; BEGIN SELECT conname INTO key_name FROM pg_catalog.pg_constraint WHERE conrelid = ',
    regclass,
    "::regclass AND contype = 'p'; EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', ",
    regclass,
    ', key_name); END $$',
  ])}.execute(db);`;
}

/** RENAME CONSTRAINT of the primary key, from the name the catalog has for it, unless it has `name` already. */
function renamePrimaryKeyCode(table: string, name: string): string {
  const regclass = { code: `sql.lit(${str(quotedName(table))})` };
  return `await ${rawSql([
    'DO $$ DECLARE key_name text; BEGIN SELECT conname INTO key_name FROM pg_catalog.pg_constraint WHERE conrelid = ',
    regclass,
    "::regclass AND contype = 'p'; IF key_name IS DISTINCT FROM ",
    { code: `sql.lit(${str(name)})` },
    " THEN EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ",
    regclass,
    ', key_name, ',
    { code: `sql.lit(${str(name)})` },
    '); END IF; END $$',
  ])}.execute(db);`;
}

/** Nullability and default in place (the portable statements), then an identity column made or unmade. */
function alterColumnCode(action: ActionOf<'alterColumn'>, ctx: WriterContext): string {
  const statements = alterColumnStatements(action, ctx);
  if (Boolean(action.from.generated) !== Boolean(action.to.generated))
    statements.push(identityChangeCode(action.table, action.to.name, action.to.generated === true));
  return statements.join('\n') || NO_CHANGE_IN_PLACE;
}

/**
 * A column becoming an identity column (its sequence set past the values the rows hold, so that the next insert
 * does not collide with them), or ceasing to be one.
 */
function identityChangeCode(table: string, column: string, generated: boolean): string {
  const target = [{ code: `sql.table(${str(table)})` }, ' ALTER COLUMN ', ref(column)];
  if (!generated) return `await ${rawSql(['ALTER TABLE ', ...target, ' DROP IDENTITY IF EXISTS'])}.execute(db);`;
  return [
    `await ${rawSql(['ALTER TABLE ', ...target, ' ADD GENERATED BY DEFAULT AS IDENTITY'])}.execute(db);`,
    comment('The identity starts after the values the rows already hold.'),
    `await ${rawSql([
      'SELECT setval(pg_get_serial_sequence(',
      { code: `sql.lit(${str(quotedName(table))})` },
      ', ',
      { code: `sql.lit(${str(column)})` },
      '), COALESCE(MAX(',
      ref(column),
      '), 0) + 1, false) FROM ',
      { code: `sql.table(${str(table)})` },
    ])}.execute(db);`,
  ].join('\n');
}

/** A named enum type recreated with new values; each column moves over through its text value. */
function recreateEnumCode(action: ActionOf<'recreateEnum'>): string {
  const name = action.to.name;
  const old = `${name}__gati_old`;
  const lines = [
    `await ${rawSql(['ALTER TYPE ', id(name), ' RENAME TO ', id(unqualifiedName(old))])}.execute(db);`,
    `await db.schema.createType(${str(name)}).asEnum(${strList(action.to.values)}).execute();`,
  ];
  for (const { table, column } of action.columns) {
    const alter = `await db.schema.alterTable(${str(table)})`;
    if (column.default) lines.push(`${alter}.alterColumn(${str(column.name)}, (ac) => ac.dropDefault()).execute();`);
    lines.push(
      `await ${rawSql([
        'ALTER TABLE ',
        { code: `sql.table(${str(table)})` },
        ' ALTER COLUMN ',
        ref(column.name),
        ' TYPE ',
        id(name),
        ' USING ',
        ref(column.name),
        '::text::',
        id(name),
      ])}.execute(db);`,
    );
    if (column.default?.kind === 'literal' && typeof column.default.value === 'string') {
      lines.push(`${alter}.alterColumn(${str(column.name)}, (ac) => ac.setDefault(${str(column.default.value)})).execute();`);
    }
  }
  lines.push(`await db.schema.dropType(${str(old)}).execute();`);
  return lines.join('\n');
}
