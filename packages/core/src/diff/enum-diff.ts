import type { EnumModel } from '../model';
import type { Operation } from './change-set';
import { copyEnum } from './copy-model';
import { sameNames } from './definition-equality';

export interface EnumChanges {
  /** renameEnum, then createEnum and alterEnum, in the order of the next model: applied first. */
  readonly createsAndAlters: Operation[];
  /** dropEnum, in the order of the previous model: applied at the very end. */
  readonly drops: Operation[];
}

/**
 * Enums matched by name, or renamed (`renames`: inline enums that follow their renamed table or column, with
 * the same values); an enum whose values were added, removed or reordered is altered.
 */
export function diffEnums(
  prev: readonly EnumModel[],
  next: readonly EnumModel[],
  renames: readonly { readonly from: string; readonly to: string }[] = [],
): EnumChanges {
  const prevByName = new Map(prev.map((e) => [e.name, e]));
  const renamedFrom = new Set(renames.map((r) => r.from));
  const renamedTo = new Set(renames.map((r) => r.to));
  const nextNames = new Set([...next.map((e) => e.name), ...renamedFrom]);
  const createsAndAlters: Operation[] = renames.map((r): Operation => ({ kind: 'renameEnum', from: r.from, to: r.to }));
  for (const model of next) {
    if (renamedTo.has(model.name)) continue;
    const before = prevByName.get(model.name);
    if (!before) createsAndAlters.push({ kind: 'createEnum', enum: copyEnum(model) });
    else if (!sameNames(before.values, model.values)) {
      createsAndAlters.push({ kind: 'alterEnum', from: copyEnum(before), to: copyEnum(model) });
    }
  }
  const drops = prev.filter((model) => !nextNames.has(model.name)).map((model): Operation => ({ kind: 'dropEnum', enum: copyEnum(model) }));
  return { createsAndAlters, drops };
}
