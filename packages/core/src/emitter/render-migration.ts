import type { Adapter, WriterContext } from '../adapter';
import type { EnumModel, SchemaModel } from '../model';
import type { Action } from '../planner/action';
import { type MigrationPlan, type PlannedAction, findingsOf } from '../planner/migration-plan';
import { type PlannedMigrationStep, needsSteps, plannedMigrationSteps } from '../planner/planned-migration-steps';
import { comment, str, strList } from './code-literals';
import { type ColumnConversion, conversionDeclaration, conversionName, conversionsOf } from './conversion-code';
import { type DescribedDialect, describeAction } from './describe-action';
import { enumMappingDeclaration, enumMappingsOf } from './enum-mapping-code';
import { formatTypeScript } from './format-code';
import { rowTypeMembers } from './row-types';
import { actionCode } from './action-code';
import { fillTemplate, readTemplate } from './templates';
import { describeZeroDowntimeChange } from './describe-zero-downtime';
import { zeroDowntimeOption } from './zero-downtime-code';

export interface RenderMigrationInput {
  readonly plan: MigrationPlan;
  readonly before: SchemaModel;
  readonly after: SchemaModel;
  readonly version: string;
  readonly adapter: Pick<Adapter, 'name' | 'capabilities' | 'types' | 'writers'>;
  /** Where the file will be written: prettier's config is looked up from there. */
  readonly filePath: string;
}

/** The migration file's text: the template filled with typed Kysely code for both directions, formatted. */
export async function renderMigration(input: RenderMigrationInput): Promise<string> {
  const { plan, before, after, adapter } = input;
  // Each direction spells enums as its target schema has them. A step written as steps may also undo a part of
  // the up that uses the other schema's enums (the temporary column of a conversion): those come second.
  const upEnums = withFallback(after.enums, before.enums);
  const downEnums = withFallback(before.enums, after.enums);
  const upCtx: WriterContext = { adapter, enums: upEnums, targetRows: 'After', sourceRows: 'Before' };
  const downCtx: WriterContext = { adapter, enums: downEnums, targetRows: 'Before', sourceRows: 'After' };
  const upCode = (s: PlannedAction) => actionCode(s, upCtx);
  const downCode = (s: PlannedAction) => actionCode(s, downCtx);
  const zeroDowntime = plan.zeroDowntime ? zeroDowntimeOption(plan.zeroDowntime, upCtx, upCode, downCode) : undefined;
  const common = {
    version: str(input.version),
    summary: summaryComment(plan, adapter),
    before: rowTypeMembers(plan.touchedTables.before, adapter.types, before.enums),
    after: rowTypeMembers(plan.touchedTables.after, adapter.types, after.enums),
    options: [dataLossOption(plan), zeroDowntime?.option ?? ''].filter(Boolean).join('\n'),
    conversions: [
      conversionDeclarations(plan, upCtx, downCtx, zeroDowntime?.conversions ?? [], zeroDowntime?.enums ?? []),
      ...enumMappingsOf(plan.down).map(enumMappingDeclaration),
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
  let body: string;
  let code: string;
  if (needsSteps(plan, adapter.capabilities)) {
    body = plannedMigrationSteps(plan, adapter.capabilities)
      .map((step) => stepEntry(step, upCode, downCode, adapter.capabilities))
      .join('\n');
    code = fillTemplate(readTemplate('migration-steps'), { ...common, steps: body });
  } else {
    const up = plan.up.map(upCode).join('\n\n');
    const down = plan.down.map(downCode).join('\n\n');
    body = `${up}\n${down}`;
    code = fillTemplate(readTemplate('migration'), { ...common, up, down });
  }
  if (!/\bsql(\.|`|<)/.test(body + common.conversions + common.options)) code = code.replace(/\bsql, /, '');
  if (!/\bcheckConversion\(/.test(body)) code = code.replace(/\bcheckConversion, /, '');
  if (!/\b(Expression|RawBuilder)</.test(common.conversions)) code = code.replace(/, type Expression, type RawBuilder\b/, '');
  return formatTypeScript(code, input.filePath);
}

/** The conversions of both directions, each declared once (`const usersAgeToInt = sql…`), up's first. */
function conversionDeclarations(
  plan: MigrationPlan,
  upCtx: WriterContext,
  downCtx: WriterContext,
  zeroDowntime: readonly ColumnConversion[],
  zeroDowntimeEnums: readonly EnumModel[],
): string {
  const seen = new Set<string>();
  const declarations: string[] = [];
  for (const [conversions, ctx] of [
    [conversionsOf(plan.up), upCtx],
    [conversionsOf(plan.down), downCtx],
    [zeroDowntime, { ...upCtx, enums: [...upCtx.enums, ...zeroDowntimeEnums] }],
  ] as const) {
    for (const conversion of conversions) {
      const name = conversionName(conversion);
      if (seen.has(name)) continue;
      seen.add(name);
      declarations.push(conversionDeclaration(conversion, ctx));
    }
  }
  return declarations.join('\n\n');
}

function withFallback(first: SchemaModel['enums'], second: SchemaModel['enums']): SchemaModel['enums'] {
  return [...first, ...second.filter((e) => !first.some((f) => f.name === e.name))];
}

/** One entry of `steps: [...]`: its name, where it runs, and its up and down. */
function stepEntry(
  step: PlannedMigrationStep,
  upCode: (s: PlannedAction) => string,
  downCode: (s: PlannedAction) => string,
  dialect: DescribedDialect,
): string {
  const name = describeAction(principalAction(step.up.length > 0 ? step.up : step.down), dialect);
  const transaction =
    step.upInTransaction && step.downInTransaction
      ? ''
      : !step.upInTransaction && !step.downInTransaction
        ? 'transaction: false,'
        : `transaction: { up: ${step.upInTransaction}, down: ${step.downInTransaction} },`;
  const fn = (type: 'Before' | 'After', steps: readonly PlannedAction[], code: (s: PlannedAction) => string) =>
    `async (db: Kysely<${type}>) => {\n${steps.length > 0 ? steps.map(code).join('\n\n') : comment('nothing to do')}\n}`;
  const lines = [`name: ${str(name)},`, transaction, `up: ${fn('Before', step.up, upCode)},`, `down: ${fn('After', step.down, downCode)},`];
  return `{\n${lines.filter(Boolean).join('\n')}\n},`;
}

/**
 * The action that says what an operation does, to name its step by: a type conversion, not the index it drops
 * first; a column change, not the backfill before it; otherwise the first.
 */
function principalAction(actions: readonly PlannedAction[]): Action {
  return (actions.find((s) => s.action.kind === 'convertColumn') ?? actions.find((s) => s.action.kind !== 'fillColumn') ?? actions[0]!)
    .action;
}

function summaryComment(plan: MigrationPlan, adapter: Pick<Adapter, 'name' | 'capabilities'>): string {
  const describe = (s: PlannedAction): string => `  - ${describeAction(s.action, adapter.capabilities)}`;
  const lines = [`Dialect: ${adapter.name}`, 'Up:', ...plan.up.map(describe)];
  lines.push('Down:', ...plan.down.map(describe));
  if (plan.zeroDowntime) {
    lines.push(
      'Zero-downtime (PostgreSQL: migrate:up expands, migrate:complete contracts; elsewhere the up above runs):',
      ...plan.zeroDowntime.expand.map((s) => `  + ${describeAction(s.action, adapter.capabilities)}`),
      ...plan.zeroDowntime.changes.map((c) => `  * ${describeZeroDowntimeChange(c)}`),
      ...plan.zeroDowntime.contract.map((s) => `  - ${describeAction(s.action, adapter.capabilities)}`),
    );
  }
  return comment(lines.join('\n'));
}

/** `dataLoss: { down: [...] }` where a direction cannot run without losing data; `migrate:down` reads it. */
function dataLossOption(plan: MigrationPlan): string {
  const up = findingsOf(plan.up, 'data-loss');
  const down = findingsOf(plan.down, 'data-loss');
  if (up.length === 0 && down.length === 0) return '';
  const parts = [up.length ? `up: ${strList(up)}` : '', down.length ? `down: ${strList(down)}` : ''].filter(Boolean);
  return `dataLoss: { ${parts.join(', ')} },`;
}
