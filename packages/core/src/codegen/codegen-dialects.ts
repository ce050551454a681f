/** The dialects of kysely-codegen this tool drives (its `--dialect` names). */
export const CODEGEN_DIALECTS = ['postgres', 'mysql', 'sqlite'] as const;

export type CodegenDialectName = (typeof CODEGEN_DIALECTS)[number];

/**
 * The kysely-codegen dialect for an adapter: the one configured (`migrations.codegen.dialect`), else the one the
 * adapter names (`Adapter.codegenDialect`), else undefined.
 */
export function codegenDialectFor(
  adapter: { readonly codegenDialect?: CodegenDialectName },
  configured?: CodegenDialectName,
): CodegenDialectName | undefined {
  return configured ?? adapter.codegenDialect;
}
