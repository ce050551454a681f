import { ConfigError, type Adapter } from '@gati-framework/migrations';
import { defineAdapter } from '@gati-framework/migrations-adapters';
import { postgresqlCapabilities, postgresqlWriters } from '@gati-framework/migrations-adapters/postgresql';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';

function customAdapter(): Adapter {
  return {
    name: 'custom',
    capabilities: {
      transactionalDdl: true,
      alterColumnType: true,
      alterColumnConstraints: false,
      alterForeignKeys: true,
      renameColumn: true,
      dropColumn: true,
      enums: 'check',
      varchar: true,
    },
    types: {
      columnType: () => 'text',
      castTarget: () => 'text',
      tsType: () => 'string',
      literal: (value) => String(value),
    },
    createDialect: () => sqliteAdapter.createDialect({ url: 'sqlite::memory:' }),
    introspect: async () => ({ tables: [], enums: [] }),
    describeTarget: () => 'custom',
  };
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('defineAdapter', () => {
  it('returns the adapter itself, frozen with its capabilities and types', () => {
    const adapter = customAdapter();
    const defined = defineAdapter(adapter);
    expect(defined).toBe(adapter);
    expect(Object.isFrozen(defined)).toBe(true);
    expect(Object.isFrozen(defined.capabilities)).toBe(true);
    expect(Object.isFrozen(defined.types)).toBe(true);
  });

  it('accepts either identity strategy, or none', () => {
    for (const identity of ['autoincrement', 'identity', undefined] as const) {
      const adapter = customAdapter();
      expect(() => defineAdapter({ ...adapter, capabilities: { ...adapter.capabilities, identity } })).not.toThrow();
    }
  });

  it('accepts the built-in sqlite adapter', () => {
    expect(defineAdapter(sqliteAdapter)).toBe(sqliteAdapter);
  });

  it('lists every missing or mistyped member in one ConfigError', () => {
    const { introspect: _introspect, ...withoutIntrospect } = customAdapter();
    const broken = {
      ...withoutIntrospect,
      capabilities: { ...customAdapter().capabilities, renameColumn: 'yes', enums: 'sometimes', identity: 'serial' },
      types: { ...customAdapter().types, literal: undefined },
    } as unknown as Adapter;

    const error = configError(() => defineAdapter(broken));

    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      'The adapter "custom" is incomplete: missing or invalid capabilities.renameColumn (a boolean), ' +
        "capabilities.enums ('named-type' | 'inline' | 'check'), " +
        "capabilities.identity ('autoincrement' | 'identity', or left out), types.literal (a function), introspect (a function).",
    );
  });

  it('reports an adapter without a name, capabilities or types', () => {
    const { createDialect, introspect, describeTarget } = customAdapter();
    const error = configError(() => defineAdapter({ createDialect, introspect, describeTarget } as unknown as Adapter));
    expect(error.message).toBe(
      'The adapter (unnamed) is incomplete: missing or invalid name (a non-empty string), ' +
        'capabilities (an object of DialectCapabilities), types (a TypeMapping object).',
    );
  });

  it('refuses capabilities that plan actions its writers cannot write, naming the writers and the capability', () => {
    const adapter = { ...customAdapter(), capabilities: { ...customAdapter().capabilities, concurrentIndexes: true, enumAddValue: true } };
    const error = configError(() => defineAdapter(adapter));
    expect(error.message).toBe(
      'The adapter "custom" is incomplete: missing or invalid ' +
        'writers.createIndex, writers.dropIndex (concurrentIndexes plans indexes built and dropped without blocking writes), ' +
        'writers.addEnumValue (enumAddValue plans enum values added in place).',
    );
    // With writers for them (here one of its own for createIndex, the rest PostgreSQL's), it is complete.
    const createIndex = () => 'await db.schema.createIndex(…).execute();';
    expect(() => defineAdapter({ ...adapter, writers: { ...postgresqlWriters, createIndex } })).not.toThrow();
  });

  it("refuses PostgreSQL's capabilities without PostgreSQL's writers", () => {
    const error = configError(() => defineAdapter({ ...customAdapter(), capabilities: postgresqlCapabilities }));
    expect(error.message).toMatch(/writers\.recreateEnum, writers\.renameEnum \(enums: 'named-type'/);
    expect(error.message).toMatch(/writers\.renameIndex \(renameIndex plans/);
    expect(error.message).toMatch(/writers\.alterColumn \(identity: 'identity'/);
    expect(() => defineAdapter({ ...customAdapter(), capabilities: postgresqlCapabilities, writers: postgresqlWriters })).not.toThrow();
  });

  it.each([null, undefined, 'sqlite', 42])('rejects %p', (value) => {
    const error = configError(() => defineAdapter(value as unknown as Adapter));
    expect(error.message).toMatch(/^defineAdapter expects an adapter object/);
  });
});
