/**
 * Formats TypeScript with prettier, honouring the project's own prettier config for `filePath` when it has
 * one. The only module that loads prettier, and only when a file is written.
 */
export async function formatTypeScript(code: string, filePath: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prettier = require('prettier') as typeof import('prettier');
  const projectOptions = (await prettier.resolveConfig(filePath).catch(() => null)) ?? {};
  return prettier.format(code, { singleQuote: true, printWidth: 100, ...projectOptions, parser: 'typescript', filepath: filePath });
}
