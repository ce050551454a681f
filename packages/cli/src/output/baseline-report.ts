import type { BaselineResult } from '@gati-framework/migrations';
import { registryNote } from './registry-note';
import { relativePath } from './relative-path';

/** What `migrate:baseline` wrote and recorded, and what the entity types would still change. */
export function formatBaseline(result: BaselineResult): string {
  const lines = [
    `Wrote ${relativePath(result.file)} (version ${result.version})`,
    `  and ${relativePath(result.snapshotFile)}`,
    `Recorded ${result.name} as applied (baseline: ${result.tables.length} table${result.tables.length === 1 ? '' : 's'}: ${result.tables.join(', ')}); nothing was run.`,
  ];
  if (result.registry) lines.push(registryNote(result.registry));
  if (result.differences.length > 0) {
    lines.push('The entity types differ from the database; the next gati migrate:generate will write:');
    for (const difference of result.differences) lines.push(`  ~ ${difference}`);
  } else {
    lines.push('Next: gati migrate:generate writes what changes in the entity types from here.');
  }
  return lines.join('\n');
}
