import { isDeepStrictEqual } from 'node:util';
import type { Operation } from '../../src/diff';
import type { ColumnModel, EnumModel, SchemaModel, TableModel } from '../../src/model';

/**
 * A toy database for tests: applies operations to a schema model one by one, refusing what a real database
 * would refuse (a missing object, a dropped column still used by a key or an index, a table still
 * referenced), and checking that each operation describes its objects exactly as they are when it runs.
 */
export function applyOperations(schema: SchemaModel, operations: readonly Operation[]): SchemaModel {
  let tables: TableModel[] = schema.tables.map((t) => clone(stripHints(t)));
  let enums: EnumModel[] = schema.enums.map((e) => clone(e));

  const fail = (op: Operation, why: string): never => {
    throw new Error(`cannot apply ${JSON.stringify(op)}: ${why}`);
  };
  const tableOf = (op: Operation, name: string): TableModel => tables.find((t) => t.name === name) ?? fail(op, `no table ${name}`);
  const replace = (name: string, change: (t: TableModel) => TableModel) => {
    tables = tables.map((t) => (t.name === name ? change(t) : t));
  };
  const same = (op: Operation, actual: unknown, expected: unknown, what: string) => {
    if (!isDeepStrictEqual(actual, expected)) fail(op, `${what} is ${JSON.stringify(actual)}`);
  };
  const checkType = (op: Operation, column: ColumnModel) => {
    if (column.type.kind === 'enum' && !enums.some((e) => e.name === (column.type as { name: string }).name)) {
      fail(op, `no enum for ${column.name}`);
    }
  };
  const checkReferences = (op: Operation, table: TableModel) => {
    for (const key of table.foreignKeys) {
      const target = key.referencedTable === table.name ? table : tableOf(op, key.referencedTable);
      for (const c of key.columns) if (!table.columns.some((x) => x.name === c)) fail(op, `no column ${c}`);
      for (const c of key.referencedColumns) if (!target.columns.some((x) => x.name === c)) fail(op, `no column ${target.name}.${c}`);
    }
    for (const index of table.indexes) {
      for (const c of index.columns) if (!table.columns.some((x) => x.name === c)) fail(op, `no column ${c} for ${index.name}`);
    }
  };
  const usedColumn = (table: string, column: string) =>
    tables.some(
      (t) =>
        (t.name === table &&
          (t.primaryKey.includes(column) ||
            t.indexes.some((i) => i.columns.includes(column)) ||
            t.foreignKeys.some((k) => k.columns.includes(column)))) ||
        t.foreignKeys.some((k) => k.referencedTable === table && k.referencedColumns.includes(column)),
    );

  for (const op of operations) {
    switch (op.kind) {
      case 'createEnum':
        if (enums.some((e) => e.name === op.enum.name)) fail(op, 'exists');
        enums.push(clone(op.enum));
        break;
      case 'dropEnum': {
        same(
          op,
          enums.find((e) => e.name === op.enum.name),
          op.enum,
          'the enum',
        );
        const user = tables.flatMap((t) => t.columns).find((c) => c.type.kind === 'enum' && c.type.name === op.enum.name);
        if (user) fail(op, `column ${user.name} still uses it`);
        enums = enums.filter((e) => e.name !== op.enum.name);
        break;
      }
      case 'alterEnum':
        same(
          op,
          enums.find((e) => e.name === op.from.name),
          op.from,
          'the enum',
        );
        enums = enums.map((e) => (e.name === op.from.name ? clone(op.to) : e));
        break;
      case 'createTable':
        if (tables.some((t) => t.name === op.table.name)) fail(op, 'exists');
        op.table.columns.forEach((c) => checkType(op, c));
        checkReferences(op, op.table);
        tables.push(clone(op.table));
        break;
      case 'dropTable':
        same(op, tableOf(op, op.table.name), op.table, 'the table');
        if (tables.some((t) => t.name !== op.table.name && t.foreignKeys.some((k) => k.referencedTable === op.table.name))) {
          fail(op, 'still referenced');
        }
        tables = tables.filter((t) => t.name !== op.table.name);
        break;
      case 'renameTable':
        tableOf(op, op.from);
        if (tables.some((t) => t.name === op.to)) fail(op, 'target exists');
        tables = tables.map((t) => ({
          ...(t.name === op.from ? { ...t, name: op.to } : t),
          foreignKeys: t.foreignKeys.map((k) => (k.referencedTable === op.from ? { ...k, referencedTable: op.to } : k)),
        }));
        break;
      case 'addColumn':
        if (tableOf(op, op.table).columns.some((c) => c.name === op.column.name)) fail(op, 'exists');
        checkType(op, op.column);
        replace(op.table, (t) => ({ ...t, columns: [...t.columns, clone(op.column)] }));
        break;
      case 'dropColumn':
        same(
          op,
          tableOf(op, op.table).columns.find((c) => c.name === op.column.name),
          op.column,
          'the column',
        );
        if (usedColumn(op.table, op.column.name)) fail(op, 'still used by a key or an index');
        replace(op.table, (t) => ({ ...t, columns: t.columns.filter((c) => c.name !== op.column.name) }));
        break;
      case 'renameColumn': {
        const table = tableOf(op, op.table);
        if (!table.columns.some((c) => c.name === op.from)) fail(op, 'no such column');
        if (table.columns.some((c) => c.name === op.to)) fail(op, 'target exists');
        const rename = (c: string) => (c === op.from ? op.to : c);
        tables = tables.map((t) => ({
          ...t,
          ...(t.name === op.table
            ? {
                columns: t.columns.map((c) => (c.name === op.from ? { ...c, name: op.to } : c)),
                primaryKey: t.primaryKey.map(rename),
                indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map(rename) })),
              }
            : {}),
          foreignKeys: t.foreignKeys.map((k) => ({
            ...k,
            ...(t.name === op.table ? { columns: k.columns.map(rename) } : {}),
            ...(k.referencedTable === op.table ? { referencedColumns: k.referencedColumns.map(rename) } : {}),
          })),
        }));
        break;
      }
      case 'alterColumn':
        if (op.from.name !== op.to.name) fail(op, 'from and to name different columns');
        same(
          op,
          tableOf(op, op.table).columns.find((c) => c.name === op.from.name),
          op.from,
          'the column',
        );
        checkType(op, op.to);
        replace(op.table, (t) => ({
          ...t,
          columns: t.columns.map((c) => (c.name === op.from.name ? clone(op.to) : c)),
        }));
        break;
      case 'alterPrimaryKey': {
        const table = tableOf(op, op.table);
        same(op, table.primaryKey, op.from, 'the primary key');
        for (const c of op.to) if (!table.columns.some((x) => x.name === c)) fail(op, `no column ${c}`);
        replace(op.table, (t) => ({ ...t, primaryKey: [...op.to] }));
        break;
      }
      case 'createIndex':
        if (tableOf(op, op.table).indexes.some((i) => i.name === op.index.name)) fail(op, 'exists');
        replace(op.table, (t) => ({ ...t, indexes: [...t.indexes, clone(op.index)] }));
        checkReferences(op, tableOf(op, op.table));
        break;
      case 'dropIndex':
        same(
          op,
          tableOf(op, op.table).indexes.find((i) => i.name === op.index.name),
          op.index,
          'the index',
        );
        replace(op.table, (t) => ({ ...t, indexes: t.indexes.filter((i) => i.name !== op.index.name) }));
        break;
      case 'addForeignKey':
        if (tableOf(op, op.table).foreignKeys.some((k) => k.name === op.foreignKey.name)) fail(op, 'exists');
        replace(op.table, (t) => ({ ...t, foreignKeys: [...t.foreignKeys, clone(op.foreignKey)] }));
        checkReferences(op, tableOf(op, op.table));
        break;
      case 'dropForeignKey':
        same(
          op,
          tableOf(op, op.table).foreignKeys.find((k) => k.name === op.foreignKey.name),
          op.foreignKey,
          'the key',
        );
        replace(op.table, (t) => ({ ...t, foreignKeys: t.foreignKeys.filter((k) => k.name !== op.foreignKey.name) }));
        break;
    }
  }
  return { tables, enums };
}

/** The schema as a comparable value: no hints, every list (columns included) sorted by name. */
export function comparable(schema: SchemaModel): unknown {
  const byName = <T extends { name: string }>(list: readonly T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
  return {
    tables: byName(schema.tables.map(stripHints)).map((t) => ({
      ...t,
      columns: byName(t.columns),
      indexes: byName(t.indexes),
      foreignKeys: byName(t.foreignKeys),
    })),
    enums: byName(schema.enums),
  };
}

function stripHints(table: TableModel): TableModel {
  const { renamedFrom: _table, ...rest } = table;
  return { ...rest, columns: table.columns.map(({ renamedFrom: _column, ...column }) => column) };
}

/** A deep copy made in this realm (jest's global `structuredClone` builds objects of another realm). */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
