import * as path from 'node:path';
import type * as ts from 'typescript';

/** `fileName` relative to `cwd`, with forward slashes, for messages. */
export function displayPath(fileName: string, cwd: string): string {
  const relative = path.relative(cwd, fileName);
  return (relative === '' ? fileName : relative).split(path.sep).join('/');
}

/** `src/entities/user.ts:12`: where `node` starts. */
export function nodeLocation(node: ts.Node, cwd: string): string {
  const sourceFile = node.getSourceFile();
  const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return `${displayPath(sourceFile.fileName, cwd)}:${line + 1}`;
}
