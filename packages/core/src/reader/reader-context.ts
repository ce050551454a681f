import type * as ts from 'typescript';
import type { NamingStrategy } from '../model';

/** What the reader's helpers share during one `readEntities` call. */
export interface ReaderContext {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly naming: NamingStrategy;
  /** for messages: paths are shown relative to it */
  readonly cwd: string;
  /** Reading for a document database: JSON types carry their shape, collection options and TTLs are read. */
  readonly documents?: boolean;
}

/** True when `node` is declared in TypeScript's standard library (`Date`, `Map`, `Promise`, …). */
export function isStandardLibraryNode(context: ReaderContext, node: ts.Node): boolean {
  return context.program.isSourceFileDefaultLibrary(node.getSourceFile());
}
