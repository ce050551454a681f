import { str } from './code-literals';
import { formatTypeScript } from './format-code';
import { fillTemplate, readTemplate } from './templates';

/** `migrate:create`: the empty, typed migration template with its version filled in. */
export async function renderEmptyMigration(version: string, filePath: string): Promise<string> {
  return formatTypeScript(fillTemplate(readTemplate('empty-migration'), { version: str(version) }), filePath);
}
