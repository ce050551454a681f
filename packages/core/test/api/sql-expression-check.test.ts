import { sqlExpressionProblem } from '../../src/api/sql-expression-check';

/** The check `generate` runs on a `--backfill` value before writing it into a migration. */
describe('sqlExpressionProblem', () => {
  it.each([
    '0',
    '-1.5e3',
    "'unknown'",
    "'it''s'",
    "'billing@example.com'",
    'lower(name)',
    "COALESCE(nickname, 'anon')",
    "CASE WHEN age > 18 THEN 'adult' ELSE 'minor' END",
    'CAST(age AS integer) + 1',
    "'{}'::jsonb",
    "data->>'kind'",
    'CURRENT_TIMESTAMP',
    "first_name || ' ' || last_name",
    '"Name"',
    '`name`',
    "ARRAY['a', 'b']",
    'NOT active',
  ])('accepts %s', (expression) => {
    expect(sqlExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ['billing@example.com', '"@" (at 8) is not SQL'],
    ['', 'it is empty'],
    ["'open", "the string that starts at 1 (') is not closed"],
    ['"open', 'the quoted name that starts at 1 (") is not closed'],
    ['lower(name', '"(" is not closed'],
    ['name)', '")" (at 5) closes nothing that is open'],
    ['1; DROP TABLE users', '";" (at 2) is not SQL'],
    ['0 -- zero', 'a comment (--, at 3) is not part of an expression'],
    ['1, 2', 'a comma (at 2) outside parentheses: a backfill is one expression'],
    ['age +', 'it ends with an operator'],
    ['lower(name +)', 'an operator stands before ")" (at 13) with nothing after it'],
    ['$1', '"$" (at 1) is not SQL'],
    ['?', '"?" (at 1) is not SQL'],
  ])('refuses %s: %s', (expression, problem) => {
    expect(sqlExpressionProblem(expression)).toBe(problem);
  });
});
