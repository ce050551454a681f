import type { IndexModel, TableModel } from '@gati-framework/migrations';
import { fieldName } from './mongodb-fields';

/** An index of a collection as MongoDB sees it: keys and options. Its name is only what `createIndex` calls it. */
export interface MongoIndex {
  readonly name: string;
  /** The indexed fields, in order, each ascending. */
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly expireAfterSeconds?: number;
}

/**
 * The indexes a collection needs: each `@index` / `@unique` (composite too), and a unique index on a composite
 * primary key (a single-column key is `_id`, unique already). An index on `_id` alone is MongoDB's own: left out.
 */
export function collectionIndexes(table: TableModel): MongoIndex[] {
  const indexes: MongoIndex[] = table.indexes.map((index) => mongoIndex(table, index));
  if (table.primaryKey.length > 1) {
    indexes.push({ name: `${table.name}_pkey`, fields: [...table.primaryKey], unique: true });
  }
  const seen = new Set<string>();
  return indexes.filter((index) => {
    const identity = indexIdentity(index);
    if ((index.fields.length === 1 && index.fields[0] === '_id') || seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

function mongoIndex(table: TableModel, index: IndexModel): MongoIndex {
  return {
    name: index.name,
    fields: index.columns.map((column) => fieldName(table, column)),
    unique: index.unique,
    ...(index.expireAfterSeconds !== undefined ? { expireAfterSeconds: index.expireAfterSeconds } : {}),
  };
}

/**
 * What makes two indexes the same: their keys, uniqueness and whether they expire documents; never their name
 * (an index renamed in the entity types is no change). How long a TTL index waits is not part of it: a change of
 * that alone is a `collMod`.
 */
export function indexIdentity(index: MongoIndex): string {
  return JSON.stringify([index.fields, index.unique, index.expireAfterSeconds !== undefined]);
}

/** The index changes of one collection: dropped and created by identity, TTL changes in place. */
export interface IndexChanges {
  readonly dropped: readonly MongoIndex[];
  readonly created: readonly MongoIndex[];
  readonly ttlChanged: readonly { readonly from: MongoIndex; readonly to: MongoIndex }[];
}

/** Compares the indexes a collection had with those it needs, by identity (see `indexIdentity`). */
export function diffCollectionIndexes(before: readonly MongoIndex[], after: readonly MongoIndex[]): IndexChanges {
  const afterByIdentity = new Map(after.map((index) => [indexIdentity(index), index]));
  const beforeIdentities = new Set(before.map(indexIdentity));
  const ttlChanged: { from: MongoIndex; to: MongoIndex }[] = [];
  for (const index of before) {
    const counterpart = afterByIdentity.get(indexIdentity(index));
    if (counterpart && counterpart.expireAfterSeconds !== index.expireAfterSeconds) ttlChanged.push({ from: index, to: counterpart });
  }
  return {
    dropped: before.filter((index) => !afterByIdentity.has(indexIdentity(index))),
    created: after.filter((index) => !beforeIdentities.has(indexIdentity(index))),
    ttlChanged,
  };
}

/** `{ email: 1 }`, `{ tenant_id: 1, email: 1 }`: the key document. */
export function indexKeys(index: MongoIndex): Record<string, 1> {
  return Object.fromEntries(index.fields.map((field) => [field, 1 as const]));
}
