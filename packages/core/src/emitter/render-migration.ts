import type { Adapter } from '../adapter';
import type { SchemaModel } from '../model';
import { type MigrationPlan, findingsOf } from '../planner';
import { comment, str, strList } from './code-literals';
import { describeStep } from './describe-step';
import { formatTypeScript } from './format-code';
import { rowTypeMembers } from './row-types';
import { stepCode } from './step-code';
import { fillTemplate, readTemplate } from './templates';

export interface RenderMigrationInput {
  readonly plan: MigrationPlan;
  readonly before: SchemaModel;
  readonly after: SchemaModel;
  readonly version: string;
  readonly adapter: Pick<Adapter, 'name' | 'capabilities' | 'types'>;
  /** Where the file will be written: prettier's config is looked up from there. */
  readonly filePath: string;
}

/** The migration file's text: the template filled with typed Kysely code for both directions, formatted. */
export async function renderMigration(input: RenderMigrationInput): Promise<string> {
  const { plan, before, after, adapter } = input;
  const up = plan.up.map((s) => stepCode(s, { adapter, enums: after.enums, targetRows: 'After', sourceRows: 'Before' }));
  const down = plan.down.map((s) => stepCode(s, { adapter, enums: before.enums, targetRows: 'Before', sourceRows: 'After' }));
  let code = fillTemplate(readTemplate('migration'), {
    version: str(input.version),
    summary: summaryComment(plan, adapter.name),
    before: rowTypeMembers(plan.touchedTables.before, adapter.types, before.enums),
    after: rowTypeMembers(plan.touchedTables.after, adapter.types, after.enums),
    options: dataLossOption(plan),
    up: up.join('\n\n'),
    down: down.join('\n\n'),
  });
  if (!/\bsql(\.|`|<)/.test([...up, ...down].join('\n'))) code = code.replace(/\bsql, /, '');
  return formatTypeScript(code, input.filePath);
}

function summaryComment(plan: MigrationPlan, dialect: string): string {
  const lines = [`Dialect: ${dialect}`, 'Up:', ...plan.up.map((s) => `  - ${describeStep(s.step)}`)];
  lines.push('Down:', ...plan.down.map((s) => `  - ${describeStep(s.step)}`));
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
