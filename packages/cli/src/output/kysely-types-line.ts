import type { KyselyTypesResult } from '@gati-framework/migrations';
import { relativePath } from './relative-path';

/** `Wrote src/db/types.ts (3 tables)`, `src/db/types.ts is up to date (3 tables)`, `src/db/types.ts matches the database`. */
export function describeKyselyTypes(result: KyselyTypesResult): string {
  const file = relativePath(result.file);
  const tables = `${result.tables} table${result.tables === 1 ? '' : 's'}`;
  switch (result.status) {
    case 'written':
      return `Wrote ${file} (${tables}) with kysely-codegen`;
    case 'unchanged':
      return `${file} is up to date (${tables})`;
    case 'fresh':
      return `${file} matches the database (${tables})`;
  }
}
