import { type BackfillCandidate, type BackfillResolver, type BackfillValue } from '../diff/backfill';
import { DecisionRequiredError, UsageError } from '../errors';
import { sqlExpressionProblem } from './sql-expression-check';

/** `--backfill table.column=SQL`: what the existing rows of a column that becomes NOT NULL get. */
export interface BackfillFlag {
  readonly table: string;
  readonly column: string;
  /** A SQL expression, as written: `0`, `'unknown'`, `lower(email)`. */
  readonly expression: string;
}

/**
 * `users.age=0` -> `{ table: 'users', column: 'age', expression: '0' }`; the expression may hold `=` and spaces.
 * An expression that is no SQL expression (`billing@example.com`, a string left open) is a usage error here,
 * at `generate`, rather than a failed `up` later (see {@link sqlExpressionProblem}).
 */
export function parseBackfillFlag(flag: string): BackfillFlag {
  const match = /^([A-Za-z0-9_$]+(?:\.[A-Za-z0-9_$]+)?)\.([A-Za-z0-9_$]+)=([\s\S]*\S[\s\S]*)$/.exec(flag);
  if (!match) {
    throw new UsageError(
      `--backfill ${flag}: write TABLE.COLUMN=SQL, the value the existing rows get, e.g. --backfill users.age=0 or --backfill "users.status='active'".`,
    );
  }
  const parsed = { table: match[1]!, column: match[2]!, expression: match[3]!.trim() };
  const problem = sqlExpressionProblem(parsed.expression);
  if (problem) throw notAnExpression(parsed, problem);
  return parsed;
}

/** The usage error for a backfill value that is no SQL expression, with the quoting that makes a text one. */
function notAnExpression(flag: BackfillFlag, problem: string): UsageError {
  const quoted = `'${flag.expression.replace(/^'|'$/g, '').replace(/'/g, "''")}'`;
  return new UsageError(
    `--backfill ${key(flag.table, flag.column)}=${flag.expression}: ${flag.expression} is not a SQL expression (${problem}). ` +
      `A text value needs SQL quotes, and the whole flag quotes for the shell: --backfill "${key(flag.table, flag.column)}=${quoted}".`,
  );
}

/** Words that are values by themselves in every dialect, not column names. */
const SQL_CONSTANTS = new Set([
  'null',
  'true',
  'false',
  'current_timestamp',
  'current_date',
  'current_time',
  'localtime',
  'localtimestamp',
  'current_user',
]);

function key(table: string, column: string): string {
  return `${table}.${column}`;
}

/**
 * The resolver for backfills: a `--backfill` flag answers first; on a terminal it asks for a SQL expression;
 * without one it remembers the question, and `assertDecided` stops with exit 2 naming each column and the ways
 * to decide. A flag that names no column needing a backfill is a usage error, not silently ignored.
 */
export class BackfillDecisions implements BackfillResolver {
  readonly undecided: BackfillCandidate[] = [];
  private readonly flags: Map<string, BackfillFlag>;
  private readonly used = new Set<string>();

  /**
   * @param columnsOf the columns of a table after the change, so that a flag whose whole value is one word that
   * names none of them (`--backfill users.status=active`, which the shell leaves of `'active'`) is refused.
   */
  constructor(
    flags: readonly BackfillFlag[],
    private readonly askValue?: (question: string) => Promise<string | undefined>,
    private readonly columnsOf?: (table: string) => readonly string[] | undefined,
  ) {
    this.flags = new Map(flags.map((flag) => [key(flag.table, flag.column), flag]));
  }

  /** A flag's value even where the column's default would do (the flag is explicit); else undefined, to ask. */
  override(candidate: BackfillCandidate): BackfillValue | undefined {
    const name = key(candidate.table, candidate.column.name);
    const flag = this.flags.get(name);
    if (!flag) return undefined;
    this.used.add(name);
    const columns = this.columnsOf?.(candidate.table);
    const word = /^[A-Za-z_][A-Za-z0-9_]*$/.test(flag.expression) ? flag.expression : undefined;
    if (word && columns && !SQL_CONSTANTS.has(word.toLowerCase()) && !columns.includes(word)) {
      throw notAnExpression(flag, `${word} is no column of ${candidate.table}`);
    }
    return { kind: 'sql', expression: flag.expression };
  }

  async backfill(candidate: BackfillCandidate): Promise<BackfillValue | undefined> {
    if (this.askValue) {
      const answer = (await this.askValue(question(candidate)))?.trim();
      const problem = answer ? sqlExpressionProblem(answer) : undefined;
      if (answer && problem) throw notAnExpression({ table: candidate.table, column: candidate.column.name, expression: answer }, problem);
      if (answer) return { kind: 'sql', expression: answer };
    }
    this.undecided.push(candidate);
    return undefined;
  }

  /** Stops (exit 2) on a flag that named no column needing a value, and on each column left without one. */
  assertDecided(): void {
    const unused = [...this.flags.keys()].filter((name) => !this.used.has(name));
    if (unused.length > 0) {
      throw new UsageError(
        `--backfill ${unused.join(', ')}: no column of that name becomes NOT NULL in this migration, so there is nothing to fill. Remove the flag.`,
      );
    }
    if (this.undecided.length === 0) return;
    const each = this.undecided.map(describeCandidate).join('; ');
    const example = this.undecided[0]!;
    throw new DecisionRequiredError(
      `${each}. Say what the existing rows get with --backfill TABLE.COLUMN=SQL (e.g. ${backfillFlagExample(example)}), ` +
        'or give the column a default (@default); on a terminal, generate asks.',
    );
  }
}

function describeCandidate(candidate: BackfillCandidate): string {
  const name = key(candidate.table, candidate.column.name);
  return candidate.reason === 'add'
    ? `${name} is a new NOT NULL column without a default, and ${candidate.table} may already have rows`
    : `${name} becomes NOT NULL, and rows of ${candidate.table} may hold NULL there`;
}

function question(candidate: BackfillCandidate): string {
  const rows = candidate.reason === 'add' ? 'the rows that already exist' : 'the rows that hold NULL';
  return `${describeCandidate(candidate)}. What should ${rows} get? (a SQL expression such as ${exampleValue(candidate)}; empty to stop)`;
}

/** `--backfill users.age=0`, or `--backfill "users.status='unknown'"` where a shell would take the quotes away. */
function backfillFlagExample(candidate: BackfillCandidate): string {
  const flag = `${key(candidate.table, candidate.column.name)}=${exampleValue(candidate)}`;
  return /^[A-Za-z0-9_.=+-]+$/.test(flag) ? `--backfill ${flag}` : `--backfill "${flag}"`;
}

function exampleValue(candidate: BackfillCandidate): string {
  switch (candidate.column.type.kind) {
    case 'int':
    case 'bigint':
    case 'decimal':
    case 'float':
      return '0';
    case 'boolean':
      return 'false';
    case 'timestamp':
      return 'CURRENT_TIMESTAMP';
    default:
      return "'unknown'";
  }
}
