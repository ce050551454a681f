import { recordMongoStep } from '../../src/mongodb/mongodb-command-recorder';
import users from './fixtures/20261202100000_users';

/** `migrate:up --dry-run` on MongoDB: the commands a step would send, recorded without a server, mongosh syntax. */

async function commands(step: number, direction: 'up' | 'down' = 'up'): Promise<string[]> {
  return recordMongoStep(users.steps[step]!, direction, { batchSize: 500 });
}

describe('the MongoDB command recorder', () => {
  it('prints collection creation with its validator and a unique index, one line each, without the session', async () => {
    expect(await commands(0)).toEqual([
      'db.createCollection("users", { validator: { $jsonSchema: { bsonType: "object", required: ["_id", "email"], properties: { email: { bsonType: "string" } } } } })',
      'db.users.createIndex({ email: 1 }, { unique: true })',
    ]);
    expect(await commands(0, 'down')).toEqual(['db.users.drop()']);
  });

  it('prints updates and raw commands (collMod) as they are sent', async () => {
    expect(await commands(1)).toEqual([
      'db.users.updateMany({ mail: { $exists: true } }, { $rename: { mail: "email" } })',
      'db.command({ collMod: "users", validator: { $jsonSchema: { bsonType: "object" } }, validationLevel: "strict" })',
    ]);
    expect(await commands(1, 'down')).toEqual(['// (this step has no down)']);
  });

  it('prints the step context helpers: the batched update with its batch size, and the check that fails the step', async () => {
    expect(await commands(2)).toEqual([
      'db.users.updateMany({ age: { $type: "string" } }, [{ $set: { age: { $convert: { input: "$age", to: "double", onError: "$age", onNull: null } } } }]) // in batches of 500 by _id ascending, each batch\'s last _id saved in the history',
      'db.users.countDocuments({ age: { $type: "string" } }) // must be 0, else the step fails: users.age holds values that are not numbers',
    ]);
  });

  it('keeps a chained read on one line, names a collection that is not an identifier with getCollection, and prints BSON values', async () => {
    expect(await commands(3)).toEqual([
      'db.getCollection("order-items").find({ createdAt: { $lt: ISODate("2026-01-01T00:00:00.000Z") } }).sort({ _id: 1 }).toArray()',
      'db.users.updateOne({ _id: ObjectId("65a1b2c3d4e5f60718293a4b") }, { $set: { admin: true } })',
    ]);
  });
});
