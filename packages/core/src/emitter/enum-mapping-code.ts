import type { ActionOf } from '../adapter/action-writers';
import type { PlannedAction } from '../planner/migration-plan';
import { rawSql, ref, str, wrappedComment } from './code-literals';

/**
 * The name of a mapping's constant in the migration file: `postsStatusRemovedFromPostStatus` for the values that
 * `posts.status` loses when enum `post_status` narrows.
 */
export function enumMappingName(action: ActionOf<'mapEnumValues'>): string {
  const words = `${action.table} ${action.column} removed from ${action.enum}`.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() : word.charAt(0).toUpperCase()) + word.slice(1)).join('');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The mappings the actions of one direction use, in order. */
export function enumMappingsOf(actions: readonly PlannedAction[]): ActionOf<'mapEnumValues'>[] {
  return actions.flatMap(({ action }) => (action.kind === 'mapEnumValues' ? [action] : []));
}

/**
 * The declaration of one mapping, with the REVIEW comment a reviewer edits it by: each removed value and the value
 * its rows get, typed so that only a value that stays (or NULL, where the column may hold it) fits.
 */
export function enumMappingDeclaration(action: ActionOf<'mapEnumValues'>): string {
  const removed = action.map.map((m) => `'${m.from}'`).join(', ');
  const target = action.map[0]?.to;
  const why = target === null ? 'NULL (the column is nullable)' : `'${target}'`;
  const text =
    `REVIEW: what ${action.table}.${action.column} holds where the down takes ${removed} out of enum ${action.enum} ` +
    `(values written since the up): each becomes ${why} before the enum narrows; map a value to another that stays ` +
    `if the data needs it. This loses the removed values: migrate:down runs it only with --allow-data-loss.`;
  const allowed = [...action.remaining.map((v) => str(v)), ...(action.nullable ? ['null'] : [])].join(' | ');
  const entries = action.map.map((m) => `${str(m.from)}: ${m.to === null ? 'null' : str(m.to)}`).join(', ');
  return [wrappedComment(text), `const ${enumMappingName(action)}: Readonly<Record<string, ${allowed}>> = { ${entries} };`].join('\n');
}

/** The UPDATEs that apply a mapping: the rows holding each removed value get the value it maps to. */
export function mapEnumValuesCode(action: ActionOf<'mapEnumValues'>): string {
  const table = { code: `sql.table(${str(action.table)})` };
  return [
    `for (const [value, replacement] of Object.entries(${enumMappingName(action)})) {`,
    `await ${rawSql(['UPDATE ', table, ' SET ', ref(action.column), ' = ', { code: 'replacement' }, ' WHERE ', ref(action.column), ' = ', { code: 'value' }])}.execute(db);`,
    '}',
  ].join('\n');
}
