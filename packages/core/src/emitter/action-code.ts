import type { ActionWriter, WriterContext } from '../adapter/action-writers';
import type { Action } from '../planner/action';
import type { PlannedAction } from '../planner/migration-plan';
import { comment } from './code-literals';
import { describeAction } from './describe-action';
import { missingWriter } from './missing-writer';
import { portableWriters } from './portable-writers';

/** The statements of one planned action, preceded by a comment that says what it does and what it risks. */
export function actionCode(planned: PlannedAction, ctx: WriterContext): string {
  const notes = planned.findings.map((f) => `${f.kind.toUpperCase()}: ${f.message}`);
  return [comment([describeAction(planned.action, ctx.adapter.capabilities), ...notes].join('\n')), writeAction(planned.action, ctx)].join(
    '\n',
  );
}

/** The statements of an action: written by the adapter's writer for its kind, else by the portable one. */
export function writeAction(action: Action, ctx: WriterContext): string {
  const writer = (ctx.adapter.writers?.[action.kind] ?? portableWriters[action.kind]) as ActionWriter | undefined;
  if (!writer) throw missingWriter(action, 'an action with no portable form');
  return writer(action, ctx);
}
