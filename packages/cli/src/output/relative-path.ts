import path from 'node:path';

/** A path as the user would type it from the working directory. */
export function relativePath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
