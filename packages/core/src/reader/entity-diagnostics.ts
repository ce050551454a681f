import * as ts from 'typescript';
import { EntityError } from '../errors';
import { formatList } from './entity-problems';
import { displayPath } from './source-location';

/**
 * Throws one `EntityError` listing every syntax and type error in the entity files (not in the files they
 * import), each as `path/to/file.ts:LINE:COL message`.
 */
export function assertCompiles(program: ts.Program, sourceFiles: readonly ts.SourceFile[], cwd: string): void {
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...sourceFiles.flatMap((sourceFile) => [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]),
  ].filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length === 0) return;
  const lines = diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, cwd));
  const heading =
    lines.length === 1
      ? 'An entity file does not compile; fix it and try again:'
      : `The entity files do not compile (${lines.length} errors); fix them and try again:`;
  throw new EntityError(formatList(heading, lines));
}

export function formatDiagnostic(diagnostic: ts.Diagnostic, cwd: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${displayPath(diagnostic.file.fileName, cwd)}:${line + 1}:${character + 1} ${message}`;
}
