import type * as ts from 'typescript';
import { EntityError } from '../errors';
import { compareCodePoints } from '../model';
import { displayPath } from './source-location';

/** A problem with one entity, property or tag, thrown by the reader's helpers and collected by the caller. */
export class EntityProblem extends Error {
  constructor(
    message: string,
    /** where the problem is; the caller's node when omitted */
    readonly node?: ts.Node,
    /** advice that several problems may share; printed once, after them */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'EntityProblem';
  }
}

interface Entry {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const MAX_LISTED = 20;

/**
 * Collects every problem found while reading the entity types, so that one run reports all of them, then
 * throws them as one `EntityError`: one line per problem, `file:line message`, sorted by file and line,
 * followed by the hints they share.
 */
export class EntityProblems {
  private readonly entries: Entry[] = [];
  private readonly hints = new Set<string>();

  constructor(private readonly cwd: string) {}

  add(node: ts.Node, message: string, hint?: string): void {
    const sourceFile = node.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
    this.entries.push({ file: displayPath(sourceFile.fileName, this.cwd), line, message });
    if (hint) this.hints.add(hint);
  }

  /** Runs `step`; an `EntityProblem` it throws is recorded (at its own node, else at `node`) and gives `undefined`. */
  collect<T>(node: ts.Node, step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof EntityProblem)) throw error;
      this.add(error.node ?? node, error.message, error.hint);
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.entries.length === 0) return;
    const lines = [...this.entries]
      .sort((a, b) => compareCodePoints(a.file, b.file) || a.line - b.line)
      .map((entry) => `${entry.file}:${entry.line} ${entry.message}`);
    const hints = [...this.hints];
    if (lines.length === 1) throw new EntityError([lines[0], ...hints].join(' '));
    const heading = `The entity types have ${lines.length} problems:`;
    throw new EntityError([formatList(heading, lines), ...hints].join('\n'));
  }
}

/** A heading and an indented list, cut after 20 items. */
export function formatList(heading: string, items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).map((item) => `  ${item}`);
  if (items.length > MAX_LISTED) shown.push(`  … and ${items.length - MAX_LISTED} more`);
  return [heading, ...shown].join('\n');
}
