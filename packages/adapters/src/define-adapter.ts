import { ConfigError, type Adapter, missingWriters } from '@gati-framework/migrations';

const CAPABILITY_FLAGS = [
  'transactionalDdl',
  'alterColumnType',
  'alterColumnConstraints',
  'alterForeignKeys',
  'renameColumn',
  'dropColumn',
  'varchar',
] as const;

const ENUM_STRATEGIES = ['named-type', 'inline', 'check'] as const;

const IDENTITY_STRATEGIES = ['autoincrement', 'identity'] as const;

const TYPE_MAPPING_METHODS = ['columnType', 'castTarget', 'tsType', 'literal'] as const;

const ADAPTER_METHODS = ['createDialect', 'introspect', 'describeTarget'] as const;

/**
 * Checks that `adapter` has every member gati-migrations relies on, and a writer for every action its capabilities
 * plan that has no portable form (see `missingWriters`), and returns it frozen (the adapter, its `capabilities`,
 * `types` and `writers`). Use it for a custom adapter, then pass the result as `adapter` in `gati.config.ts`.
 *
 * Throws a {@link ConfigError} listing every missing or mistyped member at once.
 *
 * @example
 * ```ts
 * import { defineAdapter } from '@gati-framework/migrations-adapters';
 * import { sqliteAdapter } from '@gati-framework/migrations-adapters/sqlite';
 *
 * export const libsql = defineAdapter({
 *   ...sqliteAdapter,
 *   name: 'libsql',
 *   createDialect: (connection) => new LibsqlDialect({ url: String(connection.url) }),
 * });
 * ```
 */
export function defineAdapter(adapter: Adapter): Adapter {
  if (adapter === null || typeof adapter !== 'object') {
    throw new ConfigError(
      `defineAdapter expects an adapter object (name, capabilities, types, createDialect, introspect, describeTarget), got ${describeValue(adapter)}.`,
    );
  }

  const problems: string[] = [];
  const candidate = adapter as unknown as Record<string, unknown>;

  if (typeof candidate.name !== 'string' || candidate.name.trim() === '') {
    problems.push('name (a non-empty string)');
  }

  const capabilities = candidate.capabilities;
  if (capabilities === null || typeof capabilities !== 'object') {
    problems.push('capabilities (an object of DialectCapabilities)');
  } else {
    const flags = capabilities as Record<string, unknown>;
    for (const flag of CAPABILITY_FLAGS) {
      if (typeof flags[flag] !== 'boolean') problems.push(`capabilities.${flag} (a boolean)`);
    }
    if (!(ENUM_STRATEGIES as readonly unknown[]).includes(flags.enums)) {
      problems.push(`capabilities.enums (${quotedUnion(ENUM_STRATEGIES)})`);
    }
    if (flags.identity !== undefined && !(IDENTITY_STRATEGIES as readonly unknown[]).includes(flags.identity)) {
      problems.push(`capabilities.identity (${quotedUnion(IDENTITY_STRATEGIES)}, or left out)`);
    }
  }

  const types = candidate.types;
  if (types === null || typeof types !== 'object') {
    problems.push('types (a TypeMapping object)');
  } else {
    for (const method of TYPE_MAPPING_METHODS) {
      if (typeof (types as Record<string, unknown>)[method] !== 'function') problems.push(`types.${method} (a function)`);
    }
  }

  const writers = candidate.writers;
  if (writers !== undefined && (writers === null || typeof writers !== 'object')) {
    problems.push('writers (an object of ActionWriters, by action kind)');
  } else if (capabilities !== null && typeof capabilities === 'object') {
    problems.push(...missingWriters(capabilities as Adapter['capabilities'], writers as Adapter['writers']));
  }

  for (const method of ADAPTER_METHODS) {
    if (typeof candidate[method] !== 'function') problems.push(`${method} (a function)`);
  }

  if (problems.length > 0) {
    const label = typeof candidate.name === 'string' && candidate.name.trim() !== '' ? `"${candidate.name}"` : '(unnamed)';
    throw new ConfigError(`The adapter ${label} is incomplete: missing or invalid ${problems.join(', ')}.`);
  }

  Object.freeze(capabilities);
  Object.freeze(types);
  if (writers) Object.freeze(writers);
  return Object.freeze(adapter);
}

function quotedUnion(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(' | ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
