import type { ReferentialAction } from '@gati-framework/migrations';

/**
 * A foreign key's `ON DELETE` rule as the database reports it (`CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`,
 * `SET DEFAULT`, in any case) as the model's action. `NO ACTION` is the default and is reported as no action at
 * all; `SET DEFAULT` has no model equivalent.
 */
export function referentialAction(rule: string): ReferentialAction | undefined {
  switch (rule.toUpperCase()) {
    case 'CASCADE':
      return 'cascade';
    case 'SET NULL':
      return 'set null';
    case 'RESTRICT':
      return 'restrict';
    default:
      return undefined;
  }
}
