import { ConfigError, type Adapter } from '@gati-framework/migrations';
import { defineAdapter } from '@gati-framework/migrations-adapters';
import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';

function customAdapter(): Adapter {
  return {
    name: 'custom',
    capabilities: {
      transactionalDdl: true,
      alterColumnType: true,
      alterColumnConstraints: true,
      alterForeignKeys: true,
      renameColumn: true,
      dropColumn: true,
      enums: 'named-type',
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

  it.each([null, undefined, 'sqlite', 42])('rejects %p', (value) => {
    const error = configError(() => defineAdapter(value as unknown as Adapter));
    expect(error.message).toMatch(/^defineAdapter expects an adapter object/);
  });
});
