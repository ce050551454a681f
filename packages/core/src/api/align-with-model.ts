import type { Adapter } from '../adapter';
import { dialectDefaultText, dialectTypeEquals } from '../diff';
import type { ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from '../model';

/**
 * The live schema (as introspected), with each part that a model describes as the database stores it taken
 * from that model: a column whose type, nullability, identity and default are the same as stored (its logical
 * type, its enum's name, its default as written), an index or a foreign key of the same name and definition.
 * The first model that matches wins. Tables, and whatever no model describes, are the database's.
 *
 * This is what makes a schema read from a database fit to be a snapshot: `varchar(255)` rather than SQLite's
 * `text`, an enum named `order_status` rather than after its column, so that the next `migrate:generate` diffs
 * the entity types against what they said, and finds nothing where the database holds what they say.
 */
export function alignWithModels(live: SchemaModel, models: readonly SchemaModel[], adapter: Adapter): SchemaModel {
  const tables = live.tables.map((table): TableModel => {
    const declared = models.flatMap((model) => {
      const found = model.tables.find((t) => t.name === table.name);
      return found ? [{ model, table: found }] : [];
    });
    if (declared.length === 0) return table;
    return {
      ...table,
      columns: table.columns.map((column) => {
        for (const { model, table: other } of declared) {
          const match = other.columns.find((c) => c.name === column.name);
          if (match && sameColumn(column, match, live, model, adapter)) return { ...match, name: column.name };
        }
        return column;
      }),
      indexes: table.indexes.map((index) => firstSame(index, declared, (t) => t.indexes, sameIndex)),
      foreignKeys: table.foreignKeys.map((fk) =>
        firstSame(
          fk,
          declared,
          (t) => t.foreignKeys,
          (a, b) => sameForeignKey(a, b, adapter),
        ),
      ),
    };
  });
  // An enum a taken column now names must be in the schema: the database's where it has one of that name, else
  // the model's (where the database keeps enums on their columns, and so cannot name them).
  const named = new Set(tables.flatMap((t) => t.columns.flatMap((c) => (c.type.kind === 'enum' ? [c.type.name] : []))));
  const enums = [...live.enums.filter((e) => named.has(e.name))];
  for (const model of models) {
    for (const e of model.enums) if (named.has(e.name) && !enums.some((known) => known.name === e.name)) enums.push(e);
  }
  return { ...live, tables, enums };
}

function sameColumn(stored: ColumnModel, declared: ColumnModel, live: SchemaModel, model: SchemaModel, adapter: Adapter): boolean {
  const equals = dialectTypeEquals(adapter, { prev: live.enums, next: model.enums });
  return (
    equals(stored.type, declared.type) &&
    stored.nullable === declared.nullable &&
    Boolean(stored.generated) === Boolean(declared.generated) &&
    dialectDefaultText(adapter, stored) === dialectDefaultText(adapter, declared)
  );
}

function firstSame<T extends { readonly name: string }>(
  part: T,
  declared: readonly { readonly table: TableModel }[],
  partsOf: (table: TableModel) => readonly T[],
  same: (a: T, b: T) => boolean,
): T {
  for (const { table } of declared) {
    const match = partsOf(table).find((p) => p.name === part.name);
    if (match && same(part, match)) return match;
  }
  return part;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameIndex(a: IndexModel, b: IndexModel): boolean {
  return a.unique === b.unique && sameList(a.columns, b.columns);
}

function sameForeignKey(a: ForeignKeyModel, b: ForeignKeyModel, adapter: Adapter): boolean {
  const action = (fk: ForeignKeyModel) =>
    adapter.capabilities.restrictIsNoAction && (fk.onDelete === 'restrict' || fk.onDelete === 'no action')
      ? undefined
      : (fk.onDelete ?? undefined);
  return (
    a.referencedTable === b.referencedTable &&
    sameList(a.columns, b.columns) &&
    sameList(a.referencedColumns, b.referencedColumns) &&
    (action(a) ?? 'no action') === (action(b) ?? 'no action')
  );
}
