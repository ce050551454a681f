import { deepFreeze, findColumn, primaryKeyName, sameType, type SchemaModel, type TableModel } from '../model';
import type { ChangeSet, Operation, RenameResolver } from './change-set';
import { diffColumns } from './column-diff';
import { copyTable } from './copy-model';
import { sameTableShape, type TypeEquals } from './definition-equality';
import { diffEnums } from './enum-diff';
import { EnumRenames } from './enum-renames';
import { diffForeignKeys, renamedForeignKey } from './foreign-key-diff';
import { diffIndexes } from './index-diff';
import { matchRenames } from './match-renames';
import { RenameMap } from './rename-map';
import { orderForCreation, orderForDrop } from './table-order';

export interface DiffSchemasOptions {
  /** Decides the likely renames that no `@renamedFrom` hint settled. */
  readonly renames: RenameResolver;
  /** When two column types count as the same (default `sameType`); an adapter may loosen it. */
  readonly typeEquals?: TypeEquals;
}

/**
 * The operations that turn the schema `prev` into `next`, in an order that can be applied as it stands:
 *
 * 1. renameEnum, createEnum / alterEnum; 2. renameTable, renamePrimaryKey; 3. dropForeignKey (of every kept
 * table); 4. per kept table: dropIndex, renameColumn, addColumn, alterColumn, alterPrimaryKey, dropColumn;
 * 5. createTable (a table after the tables it references; keys of reference cycles are added in 7);
 * 6. createIndex, renameIndex; 7. addForeignKey, renameForeignKey; 8. dropTable (a table that references
 * another first; keys of reference cycles are dropped just before); 9. dropEnum.
 *
 * A renamed table or column renames what is named after it (an index, a foreign key, the primary key, an
 * inline enum type: see `naming.ts`) and rebuilds nothing: the renames of 1, 2, 6 and 7.
 *
 * Tables, columns, indexes, foreign keys and enums are matched by name, so their order in the lists does not
 * matter. Renames come from `@renamedFrom` hints, then from `options.renames` for each dropped and added
 * pair with the same definition (tables first, then the columns of each table, in the order of `next`).
 * Every operation describes its objects as they are when it runs.
 *
 * @example
 * const changes = await diffSchemas(snapshot.schema, entities, { renames: { decide: () => false } });
 * // { operations: [{ kind: 'addColumn', table: 'users', column: { name: 'email', … } }] }
 */
export async function diffSchemas(prev: SchemaModel, next: SchemaModel, options: DiffSchemasOptions): Promise<ChangeSet> {
  const typeEquals = options.typeEquals ?? sameType;
  const enumRenames = new EnumRenames(prev, next);
  const tables = await matchRenames<TableModel>(prev.tables, next.tables, {
    label: (name) => `table ${name}`,
    sameShape: (from, to) =>
      sameTableShape({ ...from, columns: from.columns.map((c) => enumRenames.follow(from.name, c, to.name, c.name)) }, to, typeEquals),
    ask: (from, to) => options.renames.decide({ kind: 'table', from: from.name, to: to.name }),
  });

  const names = new RenameMap();
  for (const pair of tables.matched) if (pair.renamed) names.renameTable(pair.from.name, pair.to.name);
  const columnChanges: Operation[][] = [];
  for (const pair of tables.matched) {
    columnChanges.push(await diffColumns(pair.from, pair.to, { typeEquals, renames: options.renames, names, enums: enumRenames }));
  }
  const enums = diffEnums(prev.enums, next.enums, enumRenames.pairs());
  // Indexes and foreign keys are compared once every rename is known (a key may reference a renamed column).
  const indexChanges = tables.matched.map((pair) => diffIndexes(pair.from, pair.to, names, (column) => retyped(pair, column)));
  const foreignKeyChanges = tables.matched.map((pair) => diffForeignKeys(pair.from, pair.to, { names, prev, next, typeEquals }));

  /** Whether a column of a kept table (its previous name) changes type. */
  function retyped(pair: { from: TableModel; to: TableModel }, column: string): boolean {
    const before = findColumn(pair.from, column);
    const after = findColumn(pair.to, names.columnsOf(pair.from.name, [column])[0]!);
    if (!before || !after) return false;
    return !typeEquals(enumRenames.follow(pair.from.name, before, pair.to.name, after.name).type, after.type);
  }

  const creation = orderForCreation(tables.added.map(copyTable));
  const dropping = orderForDrop(
    tables.dropped.map((table) =>
      // Dropped last: the tables it references may have been renamed by then.
      copyTable({ ...table, foreignKeys: table.foreignKeys.map((fk) => renamedForeignKey(table.name, fk, names)) }),
    ),
  );

  const operations: Operation[] = [
    ...enums.createsAndAlters,
    ...tables.matched
      .filter((pair) => pair.renamed)
      .flatMap((pair): Operation[] => [
        { kind: 'renameTable', from: pair.from.name, to: pair.to.name },
        // A key is named after its table (`people_pkey`): it follows the table's new name.
        ...(pair.from.primaryKey.length > 0 && primaryKeyName(pair.from.name) !== primaryKeyName(pair.to.name)
          ? [
              {
                kind: 'renamePrimaryKey' as const,
                table: pair.to.name,
                from: primaryKeyName(pair.from.name),
                to: primaryKeyName(pair.to.name),
              },
            ]
          : []),
      ]),
    ...foreignKeyChanges.flatMap((changes) => changes.drops),
    ...tables.matched.flatMap((_, i) => [...indexChanges[i]!.drops, ...columnChanges[i]!]),
    ...creation.tables.map((table): Operation => ({ kind: 'createTable', table })),
    ...indexChanges.flatMap((changes) => [...changes.creates, ...changes.renames]),
    ...foreignKeyChanges.flatMap((changes) => [...changes.adds, ...changes.renames]),
    ...creation.detached.map((d): Operation => ({ kind: 'addForeignKey', table: d.table, foreignKey: d.foreignKey })),
    ...dropping.detached.map((d): Operation => ({ kind: 'dropForeignKey', table: d.table, foreignKey: d.foreignKey })),
    ...dropping.tables.map((table): Operation => ({ kind: 'dropTable', table })),
    ...enums.drops,
  ];
  return deepFreeze({ operations });
}
