import { GatiError } from '../errors';
import { isGeneratedMigration } from './migration-files';
import type { InterruptedRun, MigrationRecord } from './migration-state';

/**
 * Stops `up` or `down` before it runs anything while a migration is `unknown` (a run was killed in a step that
 * runs outside a transaction) and this command cannot finish it: the killed run went the other way, or the file
 * was written by hand, so its statements cannot be checked against the catalog. The user checks the database and
 * says what is in effect with `migrate:repair`. A generated migration killed in the same direction is finished by
 * the command (see MigrationJob.resumeKilled): where the adapter has no postcheck (PostgreSQL), because its
 * steps outside a transaction are written to be run again whole.
 */
export function assertResumable(records: readonly MigrationRecord[], direction: 'up' | 'down'): void {
  for (const record of records) {
    const at = record.interrupted;
    if (!at) continue;
    const where = describeInterruption(record.name, at);
    const repair = `check the database, then run gati migrate:repair ${record.name} --applied (or --rolled-back) to say what is in effect`;
    if (at.direction !== direction) {
      throw new GatiError(
        'MIGRATION_STATE_UNKNOWN',
        `${where}. gati migrate:${direction} runs nothing until it is settled: run gati migrate:${at.direction} to finish it, or ${repair}.`,
      );
    }
    if (!record.file || !isGeneratedMigration(record.file.file)) {
      throw new GatiError(
        'MIGRATION_STATE_UNKNOWN',
        `${where}. Its file was not generated, so which of its statements took effect cannot be checked: ${repair}; gati migrate:${direction} runs nothing until then.`,
      );
    }
  }
}

/**
 * `20240101_x: its up was killed in step 2 of 3 (add column users.email), after 1 of its statements completed;
 * whether the next one took effect is unknown`.
 */
export function describeInterruption(name: string, at: InterruptedRun): string {
  const step = at.stepsTotal > 1 ? ` in step ${at.stepNumber} of ${at.stepsTotal}${at.step ? ` (${at.step})` : ''}` : '';
  const done =
    at.statementsDone > 0
      ? `after ${at.statementsDone} of its statements completed; whether the next one took effect is unknown`
      : 'before any of its statements was known to complete; whether the first one took effect is unknown';
  return `${name}: its ${at.direction} was killed${step}, ${done}`;
}
