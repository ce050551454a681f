/**
 * Formats TypeScript with prettier, honouring the project's own prettier config for `filePath` when it has
 * one. The only module that loads prettier, and only when a file is written.
 */
export async function formatTypeScript(code: string, filePath: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prettier = require('prettier') as typeof import('prettier');
  const projectOptions = (await prettier.resolveConfig(filePath).catch(() => null)) ?? {};
  // babel-ts rather than typescript: the same output for the code the emitter writes (every golden fixture),
  // and a smaller, faster parser than prettier's bundled copy of the TypeScript compiler.
  return prettier.format(code, { singleQuote: true, printWidth: 100, ...projectOptions, parser: 'babel-ts', filepath: filePath });
}
