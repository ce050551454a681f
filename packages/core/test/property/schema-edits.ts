import {
  COLUMN_NAMES,
  type ColumnKind,
  type ColumnSpec,
  ENUM_VALUES,
  MAX_COLUMNS,
  type SchemaSpec,
  TABLE_NAMES,
  type TableSpec,
  canBeUnique,
  columnById,
  defaultFor,
  tableById,
} from './schema-spec';

/** The edits a random change is made of, each read against the schema as the earlier edits left it. */
export const EDIT_KINDS = [
  'addColumn',
  'dropColumn',
  'renameColumn',
  'retype',
  'toggleNullable',
  'changeDefault',
  'enumAddValue',
  'enumRemoveValue',
  'toggleIndex',
  'addTable',
  'dropTable',
  'renameTable',
  'addForeignKey',
  'dropForeignKey',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** One random edit: which kind, and numbers that pick its table, column and variant. */
export interface EditChoice {
  readonly kind: EditKind;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly flag: boolean;
}

export interface EditedSchema {
  readonly after: SchemaSpec;
  /** What each applied edit did, in words, for a failure's report. */
  readonly applied: readonly string[];
}

/**
 * `before` changed by the edits that apply (an edit that cannot apply to the schema as it is then is skipped),
 * then completed as a user would write it: `@renamedFrom` where a table or column has a new name, and a new NOT
 * NULL column without a default made nullable (rows exist, and the property test gives no `--backfill`).
 */
export function applyEdits(before: SchemaSpec, choices: readonly EditChoice[]): EditedSchema {
  let schema = before;
  let serial = 0;
  const applied: string[] = [];
  for (const choice of choices) {
    const result = applyEdit(before, schema, choice, () => `n${serial++}`);
    if (!result) continue;
    schema = result.schema;
    applied.push(result.said);
  }
  return { after: completeRenames(before, schema), applied };
}

interface EditResult {
  readonly schema: SchemaSpec;
  readonly said: string;
}

const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);

function replaceTable(schema: SchemaSpec, table: TableSpec): SchemaSpec {
  return { tables: schema.tables.map((t) => (t.id === table.id ? table : t)) };
}

function replaceColumn(schema: SchemaSpec, table: TableSpec, column: ColumnSpec): SchemaSpec {
  return replaceTable(schema, { ...table, columns: table.columns.map((c) => (c.id === column.id ? column : c)) });
}

/** Whether a column referenced a table in `before` or does now: such columns keep their nullability and default. */
function isReference(before: SchemaSpec, table: TableSpec, column: ColumnSpec): boolean {
  const old = tableById(before, table.id);
  return column.references !== undefined || (old !== undefined && columnById(old, column.id)?.references !== undefined);
}

/** A name no table (or column of the table) has, in `before` or now, so that a new name never meets an old one. */
function freshName(pool: readonly string[], taken: readonly string[], n: number): string | undefined {
  const free = pool.filter((name) => !taken.includes(name));
  return pick(free, n);
}

function columnNamesOf(before: SchemaSpec, table: TableSpec): string[] {
  const old = tableById(before, table.id);
  return [...table.columns.map((c) => c.name), ...(old?.columns.map((c) => c.name) ?? [])];
}

function tableNames(before: SchemaSpec, schema: SchemaSpec): string[] {
  return [...schema.tables.map((t) => t.name), ...before.tables.map((t) => t.name)];
}

function enumValues(n: number): string[] {
  const count = 2 + (n % 2);
  return ENUM_VALUES.slice(n % 3, (n % 3) + count);
}

function newColumn(id: string, name: string, kind: ColumnKind, choice: EditChoice): ColumnSpec {
  const values = kind === 'enum' ? enumValues(choice.c) : undefined;
  const nullable = kind === 'timestamp' || choice.flag;
  const column: ColumnSpec = { id, name, kind, nullable, ...(values ? { values } : {}) };
  return nullable ? column : { ...column, default: defaultFor(column, choice.c) };
}

const KINDS: readonly ColumnKind[] = ['string', 'int', 'boolean', 'timestamp', 'enum'];

function applyEdit(before: SchemaSpec, schema: SchemaSpec, choice: EditChoice, nextId: () => string): EditResult | undefined {
  const table = pick(schema.tables, choice.a);
  if (!table) return undefined;
  const column = pick(table.columns, choice.b);
  switch (choice.kind) {
    case 'addColumn': {
      if (table.columns.length >= MAX_COLUMNS) return undefined;
      const name = freshName(COLUMN_NAMES, columnNamesOf(before, table), choice.b);
      if (!name) return undefined;
      const added = newColumn(nextId(), name, KINDS[choice.c % KINDS.length]!, choice);
      return { schema: replaceTable(schema, { ...table, columns: [...table.columns, added] }), said: `add ${table.name}.${name}` };
    }
    case 'dropColumn': {
      if (!column) return undefined;
      const columns = table.columns.filter((c) => c.id !== column.id);
      return { schema: replaceTable(schema, { ...table, columns }), said: `drop ${table.name}.${column.name}` };
    }
    case 'renameColumn': {
      if (!column) return undefined;
      const name = freshName(COLUMN_NAMES, columnNamesOf(before, table), choice.c);
      if (!name) return undefined;
      return { schema: replaceColumn(schema, table, { ...column, name }), said: `rename ${table.name}.${column.name} to ${name}` };
    }
    case 'retype':
      return column ? retype(before, schema, table, column, choice) : undefined;
    case 'toggleNullable': {
      if (!column || isReference(before, table, column)) return undefined;
      if (column.nullable) {
        if (column.kind === 'timestamp') return undefined; // no literal default to fill it with
        const tightened = { ...column, nullable: false, default: column.default ?? defaultFor(column, choice.c) };
        return { schema: replaceColumn(schema, table, tightened), said: `make ${table.name}.${column.name} NOT NULL` };
      }
      return { schema: replaceColumn(schema, table, { ...column, nullable: true }), said: `make ${table.name}.${column.name} nullable` };
    }
    case 'changeDefault': {
      if (!column || column.kind === 'timestamp' || isReference(before, table, column)) return undefined;
      const { default: _dropped, ...withoutDefault } = column;
      if (column.default !== undefined && choice.flag)
        return { schema: replaceColumn(schema, table, withoutDefault), said: `drop the default of ${table.name}.${column.name}` };
      const value = defaultFor(column, choice.c);
      if (value === column.default) return undefined;
      return {
        schema: replaceColumn(schema, table, { ...column, default: value }),
        said: `default ${table.name}.${column.name} to ${String(value)}`,
      };
    }
    case 'enumAddValue': {
      if (column?.kind !== 'enum') return undefined;
      const value = freshName(ENUM_VALUES, column.values!, choice.c);
      if (!value) return undefined;
      return {
        schema: replaceColumn(schema, table, { ...column, values: [...column.values!, value] }),
        said: `add '${value}' to ${table.name}.${column.name}`,
      };
    }
    case 'enumRemoveValue':
      return column?.kind === 'enum' ? removeEnumValue(before, schema, table, column, choice) : undefined;
    case 'toggleIndex': {
      if (!column) return undefined;
      const next = column.index === undefined ? 'index' : column.index === 'index' && canBeUnique(column) ? 'unique' : undefined;
      const { index: _dropped, ...withoutIndex } = column;
      return {
        schema: replaceColumn(schema, table, next ? { ...column, index: next } : withoutIndex),
        said: `${next ?? 'no index'} on ${table.name}.${column.name}`,
      };
    }
    case 'addTable': {
      const name = freshName(TABLE_NAMES, tableNames(before, schema), choice.c);
      if (!name) return undefined;
      const added: TableSpec = {
        id: nextId(),
        name,
        idKind: choice.flag ? 'int' : 'string',
        columns: [newColumn(nextId(), COLUMN_NAMES[choice.b % COLUMN_NAMES.length]!, KINDS[choice.b % KINDS.length]!, choice)],
      };
      return { schema: { tables: [...schema.tables, added] }, said: `add table ${name}` };
    }
    case 'dropTable': {
      // A referenced table stays (dropping its rows would leave the down nothing to point the references at).
      const referenced = [...schema.tables, ...before.tables].some((t) => t.columns.some((c) => c.references === table.id));
      if (schema.tables.length < 2 || referenced) return undefined;
      return { schema: { tables: schema.tables.filter((t) => t.id !== table.id) }, said: `drop table ${table.name}` };
    }
    case 'renameTable': {
      const name = freshName(TABLE_NAMES, tableNames(before, schema), choice.c);
      if (!name) return undefined;
      return { schema: replaceTable(schema, { ...table, name }), said: `rename table ${table.name} to ${name}` };
    }
    case 'addForeignKey': {
      const target = pick(schema.tables, choice.c)!;
      const name = freshName(COLUMN_NAMES, columnNamesOf(before, table), choice.b);
      if (!name || table.columns.length >= MAX_COLUMNS) return undefined;
      const added: ColumnSpec = { id: nextId(), name, kind: target.idKind, nullable: true, references: target.id };
      return {
        schema: replaceTable(schema, { ...table, columns: [...table.columns, added] }),
        said: `add ${table.name}.${name} referencing ${target.name}`,
      };
    }
    case 'dropForeignKey': {
      const referencing = table.columns.filter((c) => c.references !== undefined);
      const chosen = pick(referencing, choice.b);
      if (!chosen) return undefined;
      const { references: _dropped, ...plain } = chosen;
      return { schema: replaceColumn(schema, table, plain), said: `drop the foreign key of ${table.name}.${chosen.name}` };
    }
  }
}

/**
 * int <-> string (rows of a string column that becomes an int hold whole numbers: see seed-rows.ts), enum ->
 * string, string -> enum; once per column, on a column `before` has (a new column's type is simply its type).
 */
function retype(before: SchemaSpec, schema: SchemaSpec, table: TableSpec, column: ColumnSpec, choice: EditChoice): EditResult | undefined {
  const old = tableById(before, table.id);
  const original = old && columnById(old, column.id);
  if (!original || original.kind !== column.kind || isReference(before, table, column)) return undefined;
  const { default: _default, index, values: _values, ...rest } = column;
  const retyped = (kind: ColumnKind, values?: readonly string[]): ColumnSpec => {
    const keepsIndex = index === 'index' || (index === 'unique' && (kind === 'string' || kind === 'int'));
    const next: ColumnSpec = { ...rest, kind, ...(values ? { values } : {}), ...(keepsIndex ? { index } : {}) };
    // A NOT NULL column keeps a default of its new type, so that its rows never need one.
    return next.nullable || column.default === undefined ? next : { ...next, default: defaultFor(next, choice.c) };
  };
  let next: ColumnSpec;
  if (column.kind === 'int') next = retyped('string');
  else if (column.kind === 'string') next = choice.flag ? retyped('int') : retyped('enum', enumValues(choice.c));
  else if (column.kind === 'enum') next = retyped('string');
  else return undefined;
  return { schema: replaceColumn(schema, table, next), said: `retype ${table.name}.${column.name} ${column.kind} -> ${next.kind}` };
}

/** Removes a value no row of `before` can hold after the change (at least one value `before` had stays). */
function removeEnumValue(
  before: SchemaSpec,
  schema: SchemaSpec,
  table: TableSpec,
  column: ColumnSpec,
  choice: EditChoice,
): EditResult | undefined {
  const values = column.values!;
  if (values.length < 2) return undefined;
  const removed = values[choice.c % values.length]!;
  const remaining = values.filter((v) => v !== removed);
  const old = tableById(before, table.id);
  const original = old && columnById(old, column.id);
  if (original?.kind === 'enum' && !remaining.some((v) => original.values!.includes(v))) return undefined;
  const next: ColumnSpec = { ...column, values: remaining, ...(column.default === removed ? { default: remaining[0]! } : {}) };
  return { schema: replaceColumn(schema, table, next), said: `remove '${removed}' from ${table.name}.${column.name}` };
}

/** `@renamedFrom` where a table or column `before` has carries a new name; a new NOT NULL column with no default made nullable. */
function completeRenames(before: SchemaSpec, after: SchemaSpec): SchemaSpec {
  return {
    tables: after.tables.map((table) => {
      const old = tableById(before, table.id);
      const columns = table.columns.map((column) => {
        const original = old && columnById(old, column.id);
        if (!original) return !column.nullable && column.default === undefined ? { ...column, nullable: true } : column;
        return original.name === column.name ? column : { ...column, renamedFrom: original.name };
      });
      return { ...table, columns, ...(old && old.name !== table.name ? { renamedFrom: old.name } : {}) };
    }),
  };
}
