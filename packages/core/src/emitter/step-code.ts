import type { TableModel } from '../model';
import type { ColumnSource, PlanStep, PlannedStep } from '../planner';
import { comment, id, quotedName, rawSql, ref, str, strList } from './code-literals';
import { DEFAULT_SCHEMA, inSchemaOf, schemaOf, unqualifiedName } from '../model';
import type { ColumnModel } from '../model';
import { addColumnCode, columnDefinitionCallback, dataTypeCode, defaultCode, type EmitContext, valueSql } from './column-code';
import { describeStep } from './describe-step';

/** Prefix of the temporary table a rebuild copies into. */
export const REBUILD_PREFIX = '__gati_new_';

export interface StepCodeContext extends EmitContext {
  /** The interface holding the row types of this direction's target tables: `After` in up, `Before` in down. */
  readonly targetRows: 'After' | 'Before';
  readonly sourceRows: 'After' | 'Before';
}

/** The statements of one planned step, preceded by a comment that says what it does and what it risks. */
export function stepCode(planned: PlannedStep, ctx: StepCodeContext): string {
  const notes = planned.findings.map((f) => `${f.kind.toUpperCase()}: ${f.message}`);
  return [comment([describeStep(planned.step), ...notes].join('\n')), statementsFor(planned.step, ctx)].join('\n');
}

function statementsFor(step: PlanStep, ctx: StepCodeContext): string {
  switch (step.kind) {
    case 'createEnum':
      return `await db.schema.createType(${str(step.enum.name)}).asEnum(${strList(step.enum.values)}).execute();`;
    case 'dropEnum':
      return `await db.schema.dropType(${str(step.enum.name)}).execute();`;
    case 'createTable':
      return createTableCode(step.table, step.table.name, ctx);
    case 'dropTable':
      return `await db.schema.dropTable(${str(step.table.name)}).execute();`;
    case 'renameTable':
      return renameTableCode(step.from, step.to);
    case 'createSchema':
      return `await db.schema.createSchema(${str(step.schema)}).ifNotExists().execute();`;
    case 'addColumn':
      return `await db.schema.alterTable(${str(step.table)})${addColumnCode(step.column, undefined, ctx)}.execute();`;
    case 'dropColumn':
      return `await db.schema.alterTable(${str(step.table)}).dropColumn(${str(step.column.name)}).execute();`;
    case 'renameColumn':
      return `await db.schema.alterTable(${str(step.table)}).renameColumn(${str(step.from)}, ${str(step.to)}).execute();`;
    case 'createIndex':
      return step.concurrently ? createIndexConcurrentlyCode(step.table, step.index) : createIndexCode(step.table, step.index);
    case 'dropIndex':
      if (step.concurrently) return `await ${rawSql(['DROP INDEX CONCURRENTLY IF EXISTS ', id(inSchemaOf(step.table, step.index.name))])}.execute(db);`;
      return ctx.adapter.capabilities.indexNamesPerTable
        ? `await db.schema.alterTable(${str(step.table)}).dropIndex(${str(step.index.name)}).execute();`
        : `await db.schema${withSchema(step.table)}.dropIndex(${str(step.index.name)}).execute();`;
    case 'fillColumn':
      return fillColumnCode(step, ctx);
    case 'dropPrimaryKey':
      return dropPrimaryKeyCode(step.table, ctx);
    case 'addPrimaryKey':
      return step.addColumns ? primaryKeyStatementCode(step.table, [], step.columns, step.addColumns, ctx) : addPrimaryKeyCode(step.table, step.columns);
    case 'replacePrimaryKey':
      return replacePrimaryKeyCode(step, ctx);
    case 'alterColumn':
      return alterColumnCode(step.table, step.from, step.to, ctx);
    case 'convertColumn':
      return convertColumnCode(step, ctx);
    case 'recreateEnum':
      return recreateEnumCode(step);
    case 'addEnumValue':
      return addEnumValueCode(step);
    case 'addForeignKey':
      if (step.notValid) return addForeignKeyNotValidCode(step.table, step.foreignKey);
      return `await db.schema.alterTable(${str(step.table)})${foreignKeyCode(step.foreignKey)}.execute();`;
    case 'validateForeignKey':
      return `await ${rawSql(['ALTER TABLE ', { code: `sql.table(${str(step.table)})` }, ' VALIDATE CONSTRAINT ', id(step.foreignKey.name)])}.execute(db);`;
    case 'dropForeignKey':
      return `await db.schema.alterTable(${str(step.table)}).dropConstraint(${str(step.foreignKey.name)}).execute();`;
    case 'rebuildTable':
      return rebuildCode(step.from, step.to, step.sources, ctx, step.name ?? step.to.name);
  }
}

/** CREATE TABLE with its keys and checks, then its indexes. */
function createTableCode(table: TableModel, name: string, ctx: EmitContext, withIndexes = true): string {
  const lines = [`await db.schema.createTable(${str(name)})`];
  for (const column of table.columns) lines.push(addColumnCode(column, table, ctx));
  if (table.primaryKey.length > 1) lines.push(`.addPrimaryKeyConstraint(${str(primaryKeyName(table.name))}, ${strList(table.primaryKey)})`);
  for (const fk of table.foreignKeys) lines.push(foreignKeyCode(fk));
  lines.push('.execute();');
  const statements = [lines.join('\n')];
  if (withIndexes) for (const index of table.indexes) statements.push(createIndexCode(table.name, index));
  return statements.join('\n');
}

function createIndexCode(table: string, index: TableModel['indexes'][number]): string {
  return `await db.schema.createIndex(${str(index.name)}).on(${str(table)}).columns(${strList(index.columns)})${index.unique ? '.unique()' : ''}.execute();`;
}

/**
 * CREATE INDEX CONCURRENTLY (Kysely's builder has no such option, so through rawSql). A failed attempt leaves an
 * INVALID index of that name behind, so the step drops one first: it can always be run again.
 */
function createIndexConcurrentlyCode(table: string, index: TableModel['indexes'][number]): string {
  const columns = { code: `sql.join([${index.columns.map((c) => `sql.ref(${str(c)})`).join(', ')}])` };
  const name = id(index.name);
  return [
    comment('An earlier attempt that failed leaves an INVALID index behind: drop it before building it again.'),
    `await ${rawSql(['DROP INDEX CONCURRENTLY IF EXISTS ', id(inSchemaOf(table, index.name))])}.execute(db);`,
    `await ${rawSql([`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY `, name, ' ON ', { code: `sql.table(${str(table)})` }, ' (', columns, ')'])}.execute(db);`,
  ].join('\n');
}

/** ALTER TYPE … ADD VALUE, IF NOT EXISTS so that the step can be run again after a failure. */
function addEnumValueCode(step: Extract<PlanStep, { kind: 'addEnumValue' }>): string {
  const position =
    step.before !== undefined
      ? [' BEFORE ', { code: `sql.lit(${str(step.before)})` }]
      : step.after !== undefined
        ? [' AFTER ', { code: `sql.lit(${str(step.after)})` }]
        : [];
  return `await ${rawSql(['ALTER TYPE ', id(step.enum.name), ' ADD VALUE IF NOT EXISTS ', { code: `sql.lit(${str(step.value)})` }, ...position])}.execute(db);`;
}

function foreignKeyCode(fk: TableModel['foreignKeys'][number]): string {
  const onDelete = fk.onDelete ? `, (fk) => fk.onDelete(${str(fk.onDelete)})` : '';
  return `.addForeignKeyConstraint(${str(fk.name)}, ${strList(fk.columns)}, ${str(fk.referencedTable)}, ${strList(fk.referencedColumns)}${onDelete})`;
}

/** `<table>_pkey`, the name PostgreSQL gives a table's primary key (and this tool, on every dialect). */
function primaryKeyName(table: string): string {
  return `${unqualifiedName(table)}_pkey`;
}

/** `.withSchema('sales')` for an object of a table in schema `sales`: an index is dropped by its name there. */
function withSchema(table: string): string {
  const schema = schemaOf(table);
  return schema === undefined ? '' : `.withSchema(${str(schema)})`;
}

/** RENAME TO (a table keeps its schema), after SET SCHEMA when it moves to another one. */
function renameTableCode(from: string, to: string): string {
  const statements: string[] = [];
  let current = from;
  if (schemaOf(from) !== schemaOf(to)) {
    const schema = schemaOf(to) ?? DEFAULT_SCHEMA;
    statements.push(`await db.schema.alterTable(${str(from)}).setSchema(${str(schema)}).execute();`);
    current = schemaOf(to) === undefined ? unqualifiedName(from) : `${schema}.${unqualifiedName(from)}`;
  }
  if (unqualifiedName(current) !== unqualifiedName(to)) {
    statements.push(`await db.schema.alterTable(${str(current)}).renameTo(${str(unqualifiedName(to))}).execute();`);
  }
  return statements.join('\n');
}

function addPrimaryKeyCode(table: string, columns: readonly string[]): string {
  return `await db.schema.alterTable(${str(table)}).addPrimaryKeyConstraint(${str(primaryKeyName(table))}, ${strList(columns)}).execute();`;
}

/**
 * A primary key replaced: in one statement where the key has no name (MySQL, where an AUTO_INCREMENT column that
 * stays in the key must never be without one), else dropped and added.
 */
function replacePrimaryKeyCode(step: Extract<PlanStep, { kind: 'replacePrimaryKey' }>, ctx: EmitContext): string {
  if (ctx.adapter.capabilities.primaryKeys !== 'anonymous' && !step.addColumns) {
    return [dropPrimaryKeyCode(step.table, ctx), addPrimaryKeyCode(step.table, step.to)].join('\n');
  }
  return primaryKeyStatementCode(step.table, ['DROP PRIMARY KEY'], step.to, step.addColumns ?? [], ctx);
}

/** One ALTER TABLE: `ADD COLUMN … AUTO_INCREMENT` for each added column, then `parts`, then `ADD PRIMARY KEY (…)`. */
function primaryKeyStatementCode(
  table: string,
  parts: readonly string[],
  key: readonly string[],
  addColumns: readonly ColumnModel[],
  ctx: EmitContext,
): string {
  const columnParts = addColumns.flatMap((column) => [
    'ADD COLUMN ',
    ref(column.name),
    ` ${ctx.adapter.types.columnType(column.type, ctx.enums)}${column.nullable ? '' : ' NOT NULL'} AUTO_INCREMENT, `,
  ]);
  const columns = { code: `sql.join([${key.map((c) => `sql.ref(${str(c)})`).join(', ')}])` };
  return `await ${rawSql([
    'ALTER TABLE ',
    { code: `sql.table(${str(table)})` },
    ' ',
    ...columnParts,
    ...parts.map((part) => `${part}, `),
    'ADD PRIMARY KEY (',
    columns,
    ')',
  ])}.execute(db);`;
}

/**
 * DROP PRIMARY KEY where the key has no name of its own (MySQL); elsewhere DROP CONSTRAINT with the key's name
 * as the catalog has it (a table renamed since it was created keeps its key's old name).
 */
function dropPrimaryKeyCode(table: string, ctx: EmitContext): string {
  const target = { code: `sql.table(${str(table)})` };
  if (ctx.adapter.capabilities.primaryKeys === 'anonymous') return `await ${rawSql(['ALTER TABLE ', target, ' DROP PRIMARY KEY'])}.execute(db);`;
  const regclass = { code: `sql.lit(${str(quotedName(table))})` };
  return `await ${rawSql([
    'DO $$ DECLARE key_name text; BEGIN SELECT conname INTO key_name FROM pg_catalog.pg_constraint WHERE conrelid = ',
    regclass,
    "::regclass AND contype = 'p'; EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', ",
    regclass,
    ', key_name); END $$',
  ])}.execute(db);`;
}

/**
 * ADD CONSTRAINT … FOREIGN KEY … NOT VALID (Kysely's builder has no such option, so through rawSql): the rows that
 * exist are checked by the VALIDATE CONSTRAINT step that follows.
 */
function addForeignKeyNotValidCode(table: string, fk: TableModel['foreignKeys'][number]): string {
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

/**
 * SQLite's table rebuild: a new table with the target definition, a typed INSERT … SELECT that copies (and
 * converts) every row, then drop and rename, then the indexes again.
 */
function rebuildCode(from: TableModel, to: TableModel, sources: readonly ColumnSource[], ctx: StepCodeContext, name: string): string {
  const tmp = `${REBUILD_PREFIX}${name}`;
  const copied = sources.filter((s) => s.from !== undefined || s.fill !== undefined);
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Copy`;
  // `from` is the table as the source schema knows it; by now it carries its new name (renames run first).
  const tableTypes = `{ ${str(name)}: ${ctx.sourceRows}[${str(from.name)}]; ${str(tmp)}: ${ctx.targetRows}[${str(to.name)}] }`;
  const selections = copied.map((s) => selectionCode(s, to, ctx)).join(',\n');
  return [
    createTableCode(to, tmp, ctx, false),
    '{',
    `const ${handle} = db as unknown as Kysely<${tableTypes}>;`,
    `await ${handle}.insertInto(${str(tmp)})`,
    `.columns(${strList(copied.map((s) => s.column))})`,
    `.expression(${handle}.selectFrom(${str(name)}).select([\n${selections}\n]))`,
    '.execute();',
    '}',
    `await db.schema.dropTable(${str(name)}).execute();`,
    `await db.schema.alterTable(${str(tmp)}).renameTo(${str(name)}).execute();`,
    ...to.indexes.map((index) => createIndexCode(name, index)),
  ].join('\n');
}

function selectionCode(source: ColumnSource, to: TableModel, ctx: StepCodeContext): string {
  const from = source.from;
  if (!source.cast && !source.fill) return str(from === source.column ? from! : `${from} as ${source.column}`);
  const column = to.columns.find((c) => c.name === source.column)!;
  const tsType = ctx.adapter.types.tsType(column.type, ctx.enums);
  const notes: string[] = [];
  let value: (string | { code: string })[] = from === undefined ? [] : [ref(from)];
  if (source.cast) {
    notes.push(`REVIEW: ${from} becomes ${source.column} (${source.cast}) through CAST; change the expression if the data needs more than a cast.`);
    value = ['CAST(', ...value, ` AS ${source.cast})`];
  }
  if (source.fill) {
    const fill = valueSql(source.fill, column.type, ctx);
    notes.push(
      from === undefined
        ? `REVIEW: the rows that exist get ${fill} in ${source.column}; change the expression if they need another value.`
        : `REVIEW: the rows where ${from} is NULL get ${fill} in ${source.column}; change the expression if they need another value.`,
    );
    value = from === undefined ? [fill] : ['COALESCE(', ...value, `, ${fill})`];
  }
  return [comment(notes.join('\n')), `${rawSql(value, tsType)}.as(${str(source.column)})`].join('\n');
}

/**
 * The backfill of a column: an UPDATE of the rows where it is NULL (every row, for a column just added), typed
 * with the column as it is then (nullable), the value in a `sql` template the reviewer can edit.
 */
function fillColumnCode(step: Extract<PlanStep, { kind: 'fillColumn' }>, ctx: StepCodeContext): string {
  const { table, column } = step;
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Fill`;
  const tsType = ctx.adapter.types.tsType(column.type, ctx.enums);
  const value = valueSql(step.value, column.type, ctx);
  const rows = step.onlyNulls ? `the rows where ${column.name} is NULL` : 'the rows that exist';
  return [
    '{',
    `const ${handle} = db as unknown as Kysely<{ ${str(table)}: { ${str(column.name)}: ${tsType} | null } }>;`,
    comment(`REVIEW: ${rows} get ${value} in ${table}.${column.name}; change the expression if they need another value.`),
    `await ${handle}.updateTable(${str(table)}).set({ ${str(column.name)}: ${rawSql([value], tsType)} }).where(${str(column.name)}, 'is', null).execute();`,
    '}',
  ].join('\n');
}

/** Nullability and default in place: ALTER COLUMN statements, or one MODIFY COLUMN with the whole definition. */
function alterColumnCode(table: string, from: ColumnModel, to: ColumnModel, ctx: EmitContext): string {
  const alter = `await db.schema.alterTable(${str(table)})`;
  if (ctx.adapter.capabilities.columnChanges === 'modify-column') {
    const callback = columnDefinitionCallback(to, undefined, ctx);
    return `${alter}.modifyColumn(${str(to.name)}, ${dataTypeCode(to.type, ctx)}${callback ? `, ${callback}` : ''}).execute();`;
  }
  const statements: string[] = [];
  if (JSON.stringify(from.default) !== JSON.stringify(to.default)) {
    const change = to.default ? `ac.setDefault(${defaultCode(to.default, to.type, ctx)})` : 'ac.dropDefault()';
    statements.push(`${alter}.alterColumn(${str(to.name)}, (ac) => ${change}).execute();`);
  }
  if (from.nullable !== to.nullable) {
    statements.push(`${alter}.alterColumn(${str(to.name)}, (ac) => ac.${to.nullable ? 'dropNotNull' : 'setNotNull'}()).execute();`);
  }
  if (Boolean(from.generated) !== Boolean(to.generated)) statements.push(identityChangeCode(table, to, ctx));
  return statements.join('\n') || comment('no change this dialect can make in place');
}

/**
 * A column becoming an identity column (its sequence set past the values the rows hold, so that the next insert
 * does not collide with them), or ceasing to be one.
 */
function identityChangeCode(table: string, column: ColumnModel, ctx: EmitContext): string {
  if (ctx.adapter.capabilities.identity !== 'identity') return comment('no change this dialect can make in place');
  const target = [{ code: `sql.table(${str(table)})` }, ' ALTER COLUMN ', ref(column.name)];
  if (!column.generated) return `await ${rawSql(['ALTER TABLE ', ...target, ' DROP IDENTITY IF EXISTS'])}.execute(db);`;
  return [
    `await ${rawSql(['ALTER TABLE ', ...target, ' ADD GENERATED BY DEFAULT AS IDENTITY'])}.execute(db);`,
    comment('The identity starts after the values the rows already hold.'),
    `await ${rawSql([
      'SELECT setval(pg_get_serial_sequence(',
      { code: `sql.lit(${str(quotedName(table))})` },
      ', ',
      { code: `sql.lit(${str(column.name)})` },
      '), COALESCE(MAX(',
      ref(column.name),
      '), 0) + 1, false) FROM ',
      { code: `sql.table(${str(table)})` },
    ])}.execute(db);`,
  ].join('\n');
}

/**
 * A type change through a new column: add it, fill it with a CAST the reviewer can edit, drop, rename; or, with
 * `stage`, one of those parts (see PlanStep convertColumn).
 */
function convertColumnCode(step: Extract<PlanStep, { kind: 'convertColumn' }>, ctx: StepCodeContext): string {
  const { table, from, to, temporary } = step;
  const handle = `${ctx.targetRows === 'After' ? 'up' : 'down'}Convert`;
  const tsType = ctx.adapter.types.tsType(to.type, ctx.enums);
  // A named enum type (PostgreSQL) casts to nothing but text: not to another enum type, not to a number. Its
  // label goes through text first, as recreateEnum moves columns.
  const source =
    from.type.kind === 'enum' && ctx.adapter.capabilities.enums === 'named-type'
      ? ['CAST(', ref(from.name), ` AS ${ctx.adapter.types.castTarget({ kind: 'text' }, ctx.enums)})`]
      : [ref(from.name)];
  const add = `await db.schema.alterTable(${str(table)}).addColumn(${str(temporary)}, ${dataTypeCode(to.type, ctx)}).execute();`;
  const fill = [
    '{',
    `const ${handle} = db as unknown as Kysely<{ ${str(table)}: { ${str(temporary)}: ${tsType} | null } }>;`,
    comment(`REVIEW: ${from.name} becomes ${to.type.kind === 'enum' ? to.type.name : step.cast} through CAST; change the expression if the data needs more than a cast.`),
    `await ${handle}.updateTable(${str(table)}).set({ ${str(temporary)}: ${rawSql(['CAST(', ...source, ` AS ${step.cast})`], tsType)} }).execute();`,
    '}',
  ].join('\n');
  const swap = [
    `await db.schema.alterTable(${str(table)}).dropColumn(${str(from.name)}).execute();`,
    `await db.schema.alterTable(${str(table)}).renameColumn(${str(temporary)}, ${str(to.name)}).execute();`,
  ].join('\n');
  if (step.stage === 'add') return add;
  if (step.stage === 'fill') return fill;
  if (step.stage === 'swap') return swap;
  return [add, fill, swap].join('\n');
}

/** A named enum type recreated with new values; each column moves over through its text value. */
function recreateEnumCode(step: Extract<PlanStep, { kind: 'recreateEnum' }>): string {
  const name = step.to.name;
  const old = `${name}__gati_old`;
  const lines = [
    `await ${rawSql(['ALTER TYPE ', id(name), ' RENAME TO ', id(unqualifiedName(old))])}.execute(db);`,
    `await db.schema.createType(${str(name)}).asEnum(${strList(step.to.values)}).execute();`,
  ];
  for (const { table, column } of step.columns) {
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
