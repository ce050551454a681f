import type { DocumentPlan, DocumentPlanning } from '../adapter/document-planning';
import { str, strList, wrappedComment } from './code-literals';
import { formatTypeScript } from './format-code';
import { fillTemplate, readNamedTemplate } from './templates';

export interface RenderDocumentMigrationInput {
  readonly plan: DocumentPlan;
  readonly version: string;
  /** The adapter's templates (`DocumentPlanning.migrationTemplates`). */
  readonly templates: DocumentPlanning['migrationTemplates'];
  /** Where the file will be written: prettier's config is looked up from there. */
  readonly filePath: string;
}

/**
 * A document migration file (MongoDB): the adapter's template filled with the planned steps, each an object with
 * its `name`, `transaction` where it is a data step, `up` and (where it can be undone) `down` over the adapter's
 * `db` and `ctx`; the file's `dataLoss` lists what the plan loses. Formatted with prettier.
 */
export async function renderDocumentMigration(input: RenderDocumentMigrationInput): Promise<string> {
  const { plan } = input;
  const steps = plan.steps
    .map((step) => {
      const notes = step.findings.map((finding) => wrappedComment(`${finding.kind}: ${finding.message}`)).join('\n');
      const parts = [
        `name: ${str(step.name)},`,
        step.transaction ? 'transaction: true,' : '',
        `up: async ${parameters(step.upCode)} => {\n${step.upCode}\n},`,
        step.downCode !== undefined ? `down: async ${parameters(step.downCode)} => {\n${step.downCode}\n},` : '',
      ].filter(Boolean);
      return `${notes ? `${notes}\n` : ''}{\n${parts.join('\n')}\n},`;
    })
    .join('\n');
  const declarations = (plan.declarations ?? [])
    .map((declaration) => `/** ${declaration.comment} */\nconst ${declaration.name} = ${declaration.code};`)
    .join('\n\n');
  const code = fillTemplate(readNamedTemplate(input.templates.migration), {
    declarations,
    version: str(input.version),
    options: dataLossOption(plan),
    steps,
  });
  return formatTypeScript(code, input.filePath);
}

/** `migrate:create` on a document database: the adapter's empty, typed migration with its version filled in. */
export async function renderEmptyDocumentMigration(
  templates: DocumentPlanning['migrationTemplates'],
  version: string,
  filePath: string,
): Promise<string> {
  return formatTypeScript(fillTemplate(readNamedTemplate(templates.empty), { version: str(version) }), filePath);
}

/** `(db, ctx)`, with an underscore before a parameter the body does not use (`noUnusedParameters` projects). */
function parameters(body: string): string {
  const code = body.replace(/\/\/.*$/gm, '');
  return `(${/\bdb\b/.test(code) ? 'db' : '_db'}, ${/\bctx\b/.test(code) ? 'ctx' : '_ctx'})`;
}

function dataLossOption(plan: DocumentPlan): string {
  const { up, down } = plan.dataLoss;
  if (up.length === 0 && down.length === 0) return '';
  const parts = [up.length > 0 ? `up: ${strList(up)}` : '', down.length > 0 ? `down: ${strList(down)}` : ''].filter(Boolean);
  return `dataLoss: { ${parts.join(', ')} },`;
}
