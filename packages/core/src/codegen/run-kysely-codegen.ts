import type { Kysely } from 'kysely';
import type * as KyselyCodegen from 'kysely-codegen';
import { withDatabase } from '../api/open-database';
import type { KyselyCodegenOptions, SqlConfig } from '../config/resolved-config';
import { CodegenError, GatiError, describeCause, redactSecrets } from '../errors';
import { runnerTableNames } from '../runner/runner-tables';
import type { CodegenDialectName } from './codegen-dialects';

/** What kysely-codegen wrote for the live database. */
export interface KyselyTypesText {
  readonly text: string;
  /** how many tables it describes */
  readonly tables: number;
}

export interface CodegenRun {
  readonly dialect: CodegenDialectName;
  readonly options: KyselyCodegenOptions;
}

/**
 * Runs kysely-codegen's programmatic API (`generate`, writing nothing) on the configured database, through the
 * adapter's own connection. The runner's tables (`gati_migrations`, `_history`, `_lock`: see runner-tables) are left out.
 * The only module that loads kysely-codegen, and only when it runs.
 */
export async function runKyselyCodegen(config: SqlConfig, run: CodegenRun): Promise<KyselyTypesText> {
  const codegen = loadKyselyCodegen();
  const { options } = run;
  const dialect = codegen.getDialect(run.dialect, {
    dateParser: options.dateParser,
    numericParser: options.numericParser,
    defaultSchemas: options.defaultSchemas ? [...options.defaultSchemas] : undefined,
  });
  const toolTables = new Set(runnerTableNames(config.tableName));
  return withDatabase(config, async (db: Kysely<any>) => {
    let tables = 0;
    try {
      const text = await codegen.generate({
        db,
        dialect,
        outFile: null,
        camelCase: options.camelCase,
        customImports: options.customImports ? { ...options.customImports } : undefined,
        defaultSchemas: options.defaultSchemas ? [...options.defaultSchemas] : undefined,
        excludePattern: options.excludePattern,
        includePattern: options.includePattern,
        overrides: options.overrides ? { columns: { ...options.overrides.columns } } : undefined,
        runtimeEnums: options.runtimeEnums,
        singularize: typeof options.singularize === 'object' ? { ...options.singularize } : options.singularize,
        typeMapping: options.typeMapping ? { ...options.typeMapping } : undefined,
        typeOnlyImports: options.typeOnlyImports,
        postprocess: async ({ metadata }) => {
          const kept = new codegen.DatabaseMetadata({
            enums: metadata.enums,
            tables: metadata.tables.filter((table) => !toolTables.has(table.name)),
          });
          tables = kept.tables.length;
          return kept;
        },
      });
      return { text, tables };
    } catch (cause) {
      if (cause instanceof GatiError) throw cause;
      throw new CodegenError(
        `kysely-codegen failed on ${config.adapter.describeTarget(config.connection)}: ${redactSecrets(describeCause(cause))}`,
        { cause },
      );
    }
  });
}

function loadKyselyCodegen(): typeof KyselyCodegen {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('kysely-codegen') as typeof KyselyCodegen;
  } catch (cause) {
    throw new CodegenError(
      `kysely-codegen could not be loaded (${describeCause(cause)}); it is a dependency of @gati-framework/migrations: reinstall it.`,
      { cause },
    );
  }
}
