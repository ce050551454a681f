import type { RegistryRecord } from '@gati-framework/migrations';
import { relativePath } from './relative-path';

/** One line on what a new migration did to the Timescape registry. */
export function registryNote(record: RegistryRecord): string {
  const file = relativePath(record.file);
  return record.recorded
    ? `  and recorded it as the dbSchemaVersion of ${record.version} in ${file}`
    : `Note: ${file} has no version ${record.version}; it was left as it is.`;
}
