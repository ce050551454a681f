import path from 'node:path';
import { CODEGEN_DIALECTS, type CodegenDialectName } from '../codegen/codegen-dialects';
import { ConfigError } from '../errors';
import type { CodegenConfig } from './define-config';
import type { ResolvedCodegenConfig } from './resolved-config';

/** `migrations.codegen`, checked, with `outFile` made absolute against the project root; undefined when absent. */
export function resolveCodegenConfig(codegen: CodegenConfig | undefined, root: string): ResolvedCodegenConfig | undefined {
  if (codegen === undefined) return undefined;
  if (!codegen || typeof codegen !== 'object') {
    throw new ConfigError("migrations.codegen must be an object such as { outFile: './src/db/types.ts' }.");
  }
  const { outFile, dialect, format, ...options } = codegen;
  if (typeof outFile !== 'string' || outFile.trim() === '') {
    throw new ConfigError("migrations.codegen.outFile must name the file to write, e.g. './src/db/types.ts'.");
  }
  if (dialect !== undefined && !CODEGEN_DIALECTS.includes(dialect as CodegenDialectName)) {
    throw new ConfigError(`migrations.codegen.dialect must be one of ${CODEGEN_DIALECTS.join(', ')}, not ${JSON.stringify(dialect)}.`);
  }
  return Object.freeze({
    outFile: path.resolve(root, outFile),
    ...(dialect !== undefined ? { dialect } : {}),
    format: format === true,
    options: Object.freeze({ ...options }),
  });
}
