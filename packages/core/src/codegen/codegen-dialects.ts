/** The dialects of kysely-codegen this tool drives (its `--dialect` names). */
export const CODEGEN_DIALECTS = ['postgres', 'mysql', 'sqlite'] as const;

export type CodegenDialectName = (typeof CODEGEN_DIALECTS)[number];

/**
 * kysely-codegen's dialect for each built-in adapter, by adapter name. A custom adapter names its own with
 * `migrations.codegen.dialect`.
 */
export const CODEGEN_DIALECT_BY_ADAPTER: Readonly<Record<string, CodegenDialectName>> = Object.freeze({
  postgresql: 'postgres',
  mysql: 'mysql',
  sqlite: 'sqlite',
});

/** The kysely-codegen dialect for an adapter: the one configured, else the built-in adapter's, else undefined. */
export function codegenDialectFor(adapterName: string, configured?: CodegenDialectName): CodegenDialectName | undefined {
  return configured ?? CODEGEN_DIALECT_BY_ADAPTER[adapterName];
}
