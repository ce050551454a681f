import { EntityError } from '../errors';

/** A table or a column: something with a name and, in the next model, perhaps a `@renamedFrom` hint. */
export interface Renameable {
  readonly name: string;
  readonly renamedFrom?: string;
}

export interface MatchedPair<T> {
  readonly from: T;
  readonly to: T;
  /** The names differ: a rename, settled by a hint or by the resolver. */
  readonly renamed: boolean;
}

export interface RenameMatching<T> {
  /** Every item present on both sides (same name, or renamed), in the order of the next model. */
  readonly matched: readonly MatchedPair<T>[];
  /** Previous items with no counterpart, in the order of the previous model. */
  readonly dropped: readonly T[];
  /** Next items with no counterpart, in the order of the next model. */
  readonly added: readonly T[];
}

export interface MatchRenamesOptions<T> {
  /** Names an item in the error about contradictory hints: `table users`, `column users.email`. */
  label(name: string): string;
  /** A dropped and an added item that could be the same thing renamed. */
  sameShape(from: T, to: T): boolean;
  /** Asks whether `from` was renamed to `to`. */
  ask(from: T, to: T): boolean | Promise<boolean>;
}

/**
 * Pairs the items of two lists by name, then by rename. First the `@renamedFrom` hints of the next items: a
 * hint counts when it names a previous item that is gone from the next model and the hinted item is new
 * (a hint left in the code after its migration was generated is therefore harmless). Then the candidates:
 * for each added item (next order), each dropped item of the same shape (previous order) not yet paired is
 * offered to `ask` until one is accepted. Each item is paired at most once.
 */
export async function matchRenames<T extends Renameable>(
  prev: readonly T[],
  next: readonly T[],
  options: MatchRenamesOptions<T>,
): Promise<RenameMatching<T>> {
  const prevByName = new Map(prev.map((item) => [item.name, item]));
  const nextNames = new Set(next.map((item) => item.name));
  const pairOf = new Map<T, MatchedPair<T>>(); // keyed by the next item
  const claimedBy = new Map<string, T>(); // previous name -> the next item that claimed it

  for (const item of next) {
    const same = prevByName.get(item.name);
    if (same) {
      pairOf.set(item, { from: same, to: item, renamed: false });
      continue;
    }
    const hint = item.renamedFrom;
    if (hint === undefined || nextNames.has(hint)) continue;
    const source = prevByName.get(hint);
    if (!source) continue;
    const rival = claimedBy.get(hint);
    if (rival) {
      throw new EntityError(
        `Both ${options.label(rival.name)} and ${options.label(item.name)} say @renamedFrom ${hint}; ` +
          `only one of them can be the renamed ${options.label(hint)}. Remove the other hint.`,
      );
    }
    claimedBy.set(hint, item);
    pairOf.set(item, { from: source, to: item, renamed: true });
  }

  const droppedCandidates = prev.filter((item) => !nextNames.has(item.name) && !claimedBy.has(item.name));
  const taken = new Set<T>();
  for (const item of next) {
    if (pairOf.has(item)) continue;
    for (const candidate of droppedCandidates) {
      if (taken.has(candidate) || !options.sameShape(candidate, item)) continue;
      if (await options.ask(candidate, item)) {
        taken.add(candidate);
        pairOf.set(item, { from: candidate, to: item, renamed: true });
        break;
      }
    }
  }

  const matched: MatchedPair<T>[] = [];
  const added: T[] = [];
  for (const item of next) {
    const pair = pairOf.get(item);
    if (pair) matched.push(pair);
    else added.push(item);
  }
  const dropped = droppedCandidates.filter((item) => !taken.has(item));
  return { matched, dropped, added };
}
