import { EntityError } from '@gati-framework/migrations';

/** A number default as SQL text; NaN and Infinity have no SQL spelling and are the user's error. */
export function numberLiteral(value: number, dialect: string): string {
  if (!Number.isFinite(value)) {
    throw new EntityError(`The default ${value} cannot be written as a ${dialect} literal; use a finite number.`);
  }
  return String(value);
}
