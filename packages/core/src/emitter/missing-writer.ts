import type { Action } from '../planner/action';
import { GatiError } from '../errors';
import { describeAction } from './describe-action';

/**
 * The error for an action that the plan has but that no writer renders: the adapter's capabilities asked for it
 * (`what`, a variant of the action that has no portable form) without a writer for its kind.
 */
export function missingWriter(action: Action, what: string): GatiError {
  return new GatiError(
    'WRITER_MISSING',
    `The plan has "${describeAction(action)}" (${what}), which only the adapter can write, but the adapter has no writer for ${action.kind} actions. ` +
      `Give it writers.${action.kind} (see ActionWriters), or turn off the capability that plans it.`,
  );
}
