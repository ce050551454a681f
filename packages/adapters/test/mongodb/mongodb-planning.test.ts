import {
  collectionIndexes,
  collectionSchema,
  diffCollectionIndexes,
  isWidening,
  planMongoMigration,
} from '@gati-framework/migrations-adapters/mongodb';
import type { ChangeSet, ColumnModel, DocumentPlan, IndexModel, SchemaModel, TableModel } from '@gati-framework/migrations';

const NONE: ChangeSet = { operations: [] };
const id: ColumnModel = { name: 'id', type: { kind: 'varchar', length: 255 }, nullable: false };
const email: ColumnModel = { name: 'email', type: { kind: 'varchar', length: 255 }, nullable: false };
const seenAt: ColumnModel = { name: 'seen_at', type: { kind: 'timestamp' }, nullable: false };

function table(parts: Partial<TableModel> & { name: string }): TableModel {
  return { columns: [id, email, seenAt], primaryKey: ['id'], indexes: [], foreignKeys: [], ...parts };
}
function schema(...tables: TableModel[]): SchemaModel {
  return { tables, enums: [{ name: 'status', values: ['new', 'paid', 'cancelled'] }] };
}
function plan(before: TableModel, after: TableModel, changes: ChangeSet = NONE): DocumentPlan {
  return planMongoMigration({ previous: schema(before), next: schema(after), changes });
}
const names = (result: DocumentPlan) => result.steps.map((step) => step.name);
const emailKey = (name: string): IndexModel => ({ name, columns: ['email'], unique: true });

describe('index identity: keys and options, never the name', () => {
  it('an index whose name changed but whose keys and options did not is no change', () => {
    const result = plan(
      table({ name: 'users', indexes: [emailKey('users_email_key')] }),
      table({ name: 'users', indexes: [emailKey('email_unique')] }),
    );
    expect(result.steps).toEqual([]);
  });

  it('the same keys but unique -> plain is a drop and a create, the drop by keys not by name', () => {
    const result = plan(
      table({ name: 'users', indexes: [emailKey('users_email_key')] }),
      table({ name: 'users', indexes: [{ name: 'users_email_idx', columns: ['email'], unique: false }] }),
    );
    expect(names(result)).toEqual(['drop index users.email (unique)', 'create index users.email']);
    expect(result.steps[0]!.upCode).toContain('dropIndexes: "users", index: {"email":1}');
  });

  it('a TTL-only change is one collMod that sets the new expiry, and its down sets the old one', () => {
    const ttl = (seconds: number): IndexModel => ({
      name: 'users_seen_at_idx',
      columns: ['seen_at'],
      unique: false,
      expireAfterSeconds: seconds,
    });
    const result = plan(table({ name: 'users', indexes: [ttl(3600)] }), table({ name: 'users', indexes: [ttl(60)] }));
    expect(names(result)).toEqual(['change expiry of index users.seen_at to 60s']);
    expect(result.steps[0]!.upCode).toMatch(/collMod: "users", index: \{ keyPattern: \{"seen_at":1\}, expireAfterSeconds: 60 \}/);
    expect(result.steps[0]!.downCode).toContain('expireAfterSeconds: 3600');
  });

  it('a composite primary key is a unique index; a single one is _id and needs none', () => {
    const lines = table({ name: 'lines', primaryKey: ['id', 'email'] });
    expect(collectionIndexes(lines)).toEqual([{ name: 'lines_pkey', fields: ['id', 'email'], unique: true }]);
    expect(collectionIndexes(table({ name: 'users', indexes: [{ name: 'users_id_key', columns: ['id'], unique: true }] }))).toEqual([]);
    expect(diffCollectionIndexes(collectionIndexes(lines), collectionIndexes(lines))).toEqual({ dropped: [], created: [], ttlChanged: [] });
  });
});

describe('validators', () => {
  it('a number accepts int, long, double and decimal; id is _id; nullable fields are not required and accept null', () => {
    const users = table({
      name: 'users',
      columns: [
        id,
        { name: 'age', type: { kind: 'int' }, nullable: true },
        { name: 'status', type: { kind: 'enum', name: 'status' }, nullable: true },
      ],
    });
    expect(collectionSchema(users, schema().enums)).toEqual({
      bsonType: 'object',
      required: ['_id'],
      properties: {
        _id: { bsonType: 'string' },
        age: { bsonType: ['int', 'long', 'double', 'decimal', 'null'] },
        status: { enum: ['new', 'paid', 'cancelled', null] },
      },
    });
  });

  it('a field that becomes nullable, and a new optional field, widen: the validator is set at once, nothing is checked', () => {
    const after = table({
      name: 'users',
      columns: [id, { ...email, nullable: true }, seenAt, { name: 'bio', type: { kind: 'text' }, nullable: true }],
    });
    const before = table({ name: 'users' });
    expect(isWidening(collectionSchema(before, []), collectionSchema(after, []))).toBe(true);
    expect(names(plan(before, after))).toEqual(['set validator of users']);
  });

  it('a narrower validator goes widened (old or new), data steps, a $nor check, then the final validator', () => {
    const before = table({ name: 'users', columns: [id, { name: 'age', type: { kind: 'varchar', length: 255 }, nullable: false }] });
    const after = table({ name: 'users', columns: [id, { name: 'age', type: { kind: 'int' }, nullable: false }] });
    const result = plan(before, after);
    expect(names(result)).toEqual([
      'widen validator of users (old or new documents)',
      'convert users.age from string to number',
      'check documents of users match the new validator',
      'set validator of users',
    ]);
    expect(result.steps[0]!.upCode).toContain('$or');
    expect(result.steps[1]!.upCode).toContain('"$convert":{"input":"$age","to":"double","onError":"$age","onNull":null}');
    expect(result.steps[1]!.upCode).toContain('ctx.failIfAny("users", {"age":{"$type":"string"}}');
    expect(result.steps[1]!.transaction).toBe(true);
    expect(result.steps[2]!.upCode).toContain('"$nor":[{"$jsonSchema"');
    // Undoing the final validator returns to the widened one, which the rest of the down needs.
    expect(result.steps[3]!.downCode).toContain('$or');
  });

  it('with several data steps, the widened validator accepts the documents as each step leaves them', () => {
    const text: ColumnModel = { name: 'handle', type: { kind: 'text' }, nullable: false };
    const before = table({ name: 'users', columns: [id, text, { name: 'level', type: { kind: 'text' }, nullable: false }] });
    const after = table({
      name: 'users',
      columns: [id, { ...text, name: 'nick' }, { name: 'level', type: { kind: 'int' }, nullable: false }],
    });
    const result = plan(before, after, { operations: [{ kind: 'renameColumn', table: 'users', from: 'handle', to: 'nick' }] });
    expect(names(result)).toEqual([
      'widen validator of users (old or new documents)',
      'rename field users.handle to nick',
      'convert users.level from string to number',
      'check documents of users match the new validator',
      'set validator of users',
    ]);
    // old; renamed but not yet converted; new
    expect(result.steps[0]!.upCode).toContain('"$or":[{"$jsonSchema":usersBefore},{"$jsonSchema":usersStage1},{"$jsonSchema":usersAfter}]');
    expect(result.declarations!.map((declaration) => declaration.name)).toEqual(['usersBefore', 'usersStage1', 'usersAfter']);
    expect(result.declarations![1]!.code).toBe(
      '{"bsonType":"object","required":["_id","nick","level"],"properties":{"_id":{"bsonType":"string"},"nick":{"bsonType":"string"},"level":{"bsonType":"string"}}}',
    );
  });

  it('a removed field that the old validator required is removed after the new validator is set', () => {
    const result = plan(table({ name: 'users' }), table({ name: 'users', columns: [id, email] }));
    expect(names(result)).toEqual(['set validator of users', 'remove field users.seen_at']);
  });

  it('a lossy conversion back is marked as data loss of the down', () => {
    const before = table({ name: 'users', columns: [id, { name: 'flag', type: { kind: 'boolean' }, nullable: false }] });
    const after = table({ name: 'users', columns: [id, { name: 'flag', type: { kind: 'varchar', length: 255 }, nullable: false }] });
    expect(plan(before, after).dataLoss).toEqual({
      up: [],
      down: ['Converting users.flag back to boolean keeps only true or false of each value'],
    });
  });
});

describe('data steps', () => {
  it('a field rename is a batched $rename of the documents that have the old field, and back', () => {
    const before = table({ name: 'users', columns: [id, { name: 'full_name', type: { kind: 'text' }, nullable: false }] });
    const after = table({ name: 'users', columns: [id, { name: 'display_name', type: { kind: 'text' }, nullable: false }] });
    const result = plan(before, after, { operations: [{ kind: 'renameColumn', table: 'users', from: 'full_name', to: 'display_name' }] });
    const rename = result.steps.find((step) => step.name === 'rename field users.full_name to display_name')!;
    expect(rename.upCode).toBe(
      'await ctx.updateInBatches("users", {"full_name":{"$exists":true}}, {"$rename":{"full_name":"display_name"}});',
    );
    expect(rename.downCode).toContain('{"$rename":{"display_name":"full_name"}}');
  });

  it('a new required field without a literal @default is refused, naming it', () => {
    const after = table({ name: 'users', columns: [id, email, seenAt, { name: 'plan', type: { kind: 'text' }, nullable: false }] });
    expect(plan(table({ name: 'users' }), after).refused).toEqual([
      expect.stringContaining('users.plan is new and required, but it has no @default'),
    ]);
  });

  it('a removed field is $unset, and marked as data loss of the up', () => {
    const result = plan(table({ name: 'users' }), table({ name: 'users', columns: [id, email] }));
    expect(result.dataLoss.up).toEqual(['Removing field users.seen_at deletes its values']);
  });
});

describe('collection options', () => {
  it('collation, time series and clustered cannot change on an existing collection: refused, each named', () => {
    const result = plan(
      table({ name: 'users', collectionOptions: { collation: 'en' } }),
      table({ name: 'users', collectionOptions: { collation: 'fr', clustered: true } }),
    );
    expect(result.refused).toHaveLength(2);
    expect(result.refused[0]).toMatch(/collation cannot change .*\(en -> fr\)/);
    expect(result.refused[1]).toMatch(/clustered cannot change/);
  });

  it('a new collection is created explicitly with its validator and options', () => {
    const words = table({ name: 'words', collectionOptions: { collation: 'fr' } });
    const result = planMongoMigration({ previous: schema(), next: schema(words), changes: NONE });
    expect(names(result)).toEqual(['create collection words']);
    expect(result.steps[0]!.upCode).toMatch(
      /^await db\.createCollection\("words", \{"validator":\{"\$jsonSchema".*"collation":\{"locale":"fr"\}, session: ctx\.session \}\);$/,
    );
    expect(result.dataLoss.down).toEqual(['Dropping collection words deletes all its documents']);
  });
});

describe('consent', () => {
  it('dropped collections and removed fields need consent; a lossy conversion is flagged, not asked', () => {
    const before = table({ name: 'users', columns: [id, email, { name: 'flag', type: { kind: 'int' }, nullable: false }] });
    const after = table({ name: 'users', columns: [id, { name: 'flag', type: { kind: 'boolean' }, nullable: false }] });
    const result = planMongoMigration({ previous: schema(before, table({ name: 'logs' })), next: schema(after), changes: NONE });
    expect(result.destructive).toEqual([
      'Removing field users.email deletes its values',
      'Dropping collection logs deletes all its documents',
    ]);
    expect(result.dataLoss.up).toContain('Converting users.flag from number to boolean keeps only true or false of each value');
  });
});

describe('time series collections', () => {
  it('get no validator, and cannot be renamed', () => {
    const readings = table({ name: 'readings', collectionOptions: { timeSeries: 'seen_at' } });
    const created = planMongoMigration({ previous: schema(), next: schema(readings), changes: NONE });
    expect(created.steps[0]!.upCode).not.toContain('validator');
    expect(created.steps[0]!.upCode).toContain('"timeseries":{"timeField":"seen_at"}');
    const renamed = planMongoMigration({
      previous: schema(readings),
      next: schema({ ...readings, name: 'samples' }),
      changes: { operations: [{ kind: 'renameTable', from: 'readings', to: 'samples' }] },
    });
    expect(renamed.refused).toEqual(['readings: a time series collection cannot be renamed (MongoDB has no renameCollection for it).']);
  });
});
