import fs from 'node:fs';
import path from 'node:path';
import { GatiError } from '../errors';

export type TemplateName = 'migration' | 'migration-steps' | 'empty-migration';

/** Marks in a template that the emitter fills; each is a comment or string, so templates compile as they are. */
export const TEMPLATE_MARKS = {
  version: "'__GATI_VERSION__'",
  summary: '/* @gati:summary */',
  before: '/* @gati:before */',
  after: '/* @gati:after */',
  conversions: '/* @gati:conversions */',
  options: '/* @gati:options */',
  up: '/* @gati:up */',
  down: '/* @gati:down */',
  steps: '/* @gati:steps */',
  declarations: '/* @gati:declarations */',
} as const;

/**
 * The templates folder of this package (`templates/` next to `dist/` and `src/`). In a checkout of
 * gati-migrations it is a copy of the repository's `templates/` made by `npm run build`.
 */
export function templatesDirectory(): string {
  const directory = path.resolve(__dirname, '..', '..', 'templates');
  if (!fs.existsSync(path.join(directory, 'migration.ts'))) {
    throw new GatiError(
      'TEMPLATES_MISSING',
      `Migration templates not found in ${directory}: this installation of @gati-framework/migrations is incomplete (reinstall it; in a checkout of gati-migrations, run \`npm run build\`).`,
    );
  }
  return directory;
}

/** The text of one template, as shipped in this package. */
export function readTemplate(name: TemplateName): string {
  return fs.readFileSync(path.join(templatesDirectory(), `${name}.ts`), 'utf8');
}

/**
 * The text of a template a document adapter names (`DocumentPlanning.migrationTemplates`), as shipped in this
 * package's `templates/`.
 */
export function readNamedTemplate(name: string): string {
  const file = /^[a-z0-9-]+$/.test(name) ? path.join(templatesDirectory(), `${name}.ts`) : undefined;
  if (!file || !fs.existsSync(file)) {
    throw new GatiError('TEMPLATES_MISSING', `The migration template '${name}' is not in ${templatesDirectory()}: reinstall.`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** Replaces each mark once; a mark missing from the template is a broken template, not a silent no-op. */
export function fillTemplate(template: string, values: Partial<Record<keyof typeof TEMPLATE_MARKS, string>>): string {
  let text = template;
  for (const [key, value] of Object.entries(values) as [keyof typeof TEMPLATE_MARKS, string][]) {
    const mark = TEMPLATE_MARKS[key];
    if (!text.includes(mark)) throw new GatiError('TEMPLATES_MISSING', `The migration template has no ${mark} mark.`);
    // An empty value takes its whole line with it, so optional parts leave no blank line behind.
    text = value === '' ? text.replace(new RegExp(`\\n[ \\t]*${escapeRegExp(mark)}[ \\t]*(?=\\n)`), '') : text.replace(mark, () => value);
  }
  return text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
