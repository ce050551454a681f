import type * as ts from 'typescript';
import { EntityError } from '../errors';
import { nodeLocation } from './source-location';

/** A problem with one entity, property or tag, thrown by the reader's helpers and collected by the caller. */
export class EntityProblem extends Error {
  constructor(
    message: string,
    /** where the problem is; the caller's node when omitted */
    readonly node?: ts.Node,
  ) {
    super(message);
    this.name = 'EntityProblem';
  }
}

const MAX_LISTED = 20;

/**
 * Collects every problem found while reading the entity types, so that one run reports all of them, then
 * throws them as one `EntityError`, each line starting with `file:line`.
 */
export class EntityProblems {
  private readonly lines: string[] = [];

  constructor(private readonly cwd: string) {}

  add(node: ts.Node, message: string): void {
    this.lines.push(`${nodeLocation(node, this.cwd)} ${message}`);
  }

  /** Runs `step`; an `EntityProblem` it throws is recorded (at its own node, else at `node`) and gives `undefined`. */
  collect<T>(node: ts.Node, step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof EntityProblem)) throw error;
      this.add(error.node ?? node, error.message);
      return undefined;
    }
  }

  throwIfAny(): void {
    if (this.lines.length === 0) return;
    if (this.lines.length === 1) throw new EntityError(this.lines[0]!);
    throw new EntityError(formatList(`The entity types have ${this.lines.length} problems:`, this.lines));
  }
}

/** A heading and an indented list, cut after 20 items. */
export function formatList(heading: string, items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).map((item) => `  ${item}`);
  if (items.length > MAX_LISTED) shown.push(`  … and ${items.length - MAX_LISTED} more`);
  return [heading, ...shown].join('\n');
}
