import { ConfigError } from '@gati-framework/migrations';
import { mongodbAdapter } from '@gati-framework/migrations-adapters/mongodb';
import { describeMongodbTarget, resolveMongodbTarget } from '../../src/mongodb/mongodb-connection-target';
import { describeFailingDocuments } from '../../src/mongodb/mongodb-step-context';
import { assertSupportedServer } from '../../src/mongodb/mongodb-connection';
import { ObjectId } from 'mongodb';

describe('MongoDB connection target', () => {
  it('reads hosts, database and password from the URL, and describes the target without the password', () => {
    const url = 'mongodb://app:s%40cret@db1:27017,db2:27017/shop?replicaSet=rs0';
    expect(resolveMongodbTarget({ url })).toMatchObject({ hosts: 'db1:27017,db2:27017', database: 'shop', password: 's@cret' });
    expect(describeMongodbTarget({ url })).toBe('mongodb db1:27017,db2:27017/shop');
    expect(mongodbAdapter.describeTarget({ url: 'mongodb+srv://u:pw@cluster0.example.net/app' })).toBe('mongodb cluster0.example.net/app');
  });

  it('refuses a URL that names no database, without repeating the URL', () => {
    expect(() => resolveMongodbTarget({ url: 'mongodb://app:hunter2@db1:27017' })).toThrow(ConfigError);
    expect(() => resolveMongodbTarget({ url: 'mongodb://app:hunter2@db1:27017/' })).toThrow(
      /names no database: add it after the host \(mongodb:\/\/db1:27017\/app\)/,
    );
    try {
      resolveMongodbTarget({ url: 'mongodb://app:hunter2@db1:27017' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('fails to connect to a port where no server listens with CONNECTION_FAILED, naming the target, never the password', async () => {
    const started = Date.now();
    const connecting = mongodbAdapter.connect(
      { url: 'mongodb://app:hunter2@127.0.0.1:1/app' },
      { tableName: 'gati_migrations', batchSize: 10 },
    );
    const error = await connecting.then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(error!.message).toMatch(/^Cannot connect to mongodb 127\.0\.0\.1:1\/app: /);
    expect(error!.message).not.toContain('hunter2');
    // The driver's 30 s default server selection timeout is shortened: a wrong URL fails fast.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe('MongoDB server versions', () => {
  it('accepts 6.0 and later, and refuses an older server with CONNECTION_FAILED naming its version', () => {
    expect(() => assertSupportedServer('6.0.0', 'mongodb h:27017/app')).not.toThrow();
    expect(() => assertSupportedServer('7.0.12', 'mongodb h:27017/app')).not.toThrow();
    expect(() => assertSupportedServer('5.0.26', 'mongodb h:27017/app')).toThrow(
      expect.objectContaining({
        code: 'CONNECTION_FAILED',
        message: 'mongodb h:27017/app runs MongoDB 5.0.26: gati-migrations supports MongoDB 6.0 and later. Upgrade the server.',
      }),
    );
  });
});

describe('failIfAny errors', () => {
  it('name the problem, the count, and the _id and values of the documents shown', () => {
    const message = describeFailingDocuments(
      'users',
      'users.age holds values that are not numbers',
      12,
      [
        { _id: new ObjectId('65a1b2c3d4e5f60718293a4b'), age: 'twelve' },
        { _id: 7, age: 'n/a' },
      ],
      ['age'],
    );
    expect(message).toBe(
      'users.age holds values that are not numbers: 12 documents of users: _id ObjectId("65a1b2c3d4e5f60718293a4b") (age: "twelve"); _id 7 (age: "n/a"); and 10 more.',
    );
  });
});
