import type { DocumentConnectOptions, DocumentMigrationStep } from '@gati-framework/migrations';
import type { Db } from 'mongodb';
import type { MongoMigrationStep } from './define-mongo-migration';
import { shellLiteral } from './mongodb-shell-literal';
import type { MongoStepContext } from './mongodb-step-context';

/**
 * What a step would send, recorded without a server (`migrate:up --dry-run`): the step runs against a stand-in
 * of the driver's `Db` that records each call (`db.createCollection(…)`, `db.collection('x').createIndex(…)`,
 * `db.command({ collMod … })`) and the step context's helpers, one line each in mongosh syntax. Reads return
 * nothing (an empty array, a count of 0), so a hand-written step that branches on what it reads is shown as
 * on an empty database.
 */
export async function recordMongoStep(
  step: DocumentMigrationStep | MongoMigrationStep,
  direction: 'up' | 'down',
  options: Pick<DocumentConnectOptions, 'batchSize'>,
): Promise<string[]> {
  const mongoStep = step as MongoMigrationStep;
  const work = direction === 'up' ? mongoStep.up : mongoStep.down;
  if (!work) return ['// (this step has no down)'];
  const lines: string[] = [];
  await work(recordingDb(lines), recordingStepContext(lines, options.batchSize));
  return lines;
}

/** A stand-in `Db` that appends each call made through it to `lines`. */
export function recordingDb(lines: string[]): Db {
  return new Proxy({} as Db, {
    get(_target, property) {
      if (typeof property !== 'string' || property === 'then') return undefined;
      if (property === 'databaseName') return 'db';
      if (property === 'collection') return (name: string) => recordingCollection(lines, name);
      return (...args: unknown[]) => recordCall(lines, `db.${property}(${argumentList(args)})`, property);
    },
  });
}

/** A stand-in step context that records what its helpers would send. */
export function recordingStepContext(lines: string[], batchSize: number): MongoStepContext {
  return {
    session: undefined,
    async updateInBatches(collection, filter, update) {
      lines.push(
        `${collectionRef(collection)}.updateMany(${argumentList([filter, update])}) // in batches of ${batchSize} by _id ascending, each batch's last _id saved in the history`,
      );
      return 0;
    },
    async failIfAny(collection, filter, problem) {
      lines.push(`${collectionRef(collection)}.countDocuments(${shellLiteral(filter)}) // must be 0, else the step fails: ${problem}`);
    },
  };
}

function recordingCollection(lines: string[], name: string): unknown {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property !== 'string' || property === 'then') return undefined;
        if (property === 'collectionName') return name;
        if (property === 'dbName') return 'db';
        return (...args: unknown[]) => recordCall(lines, `${collectionRef(name)}.${property}(${argumentList(args)})`, property);
      },
    },
  );
}

/**
 * Records a call and returns what stands for its result: awaitable (as the driver's promises), and chainable
 * (`find(…).sort(…).toArray()` stays one line).
 */
function recordCall(lines: string[], text: string, method: string): unknown {
  const index = lines.push(text) - 1;
  let last = method;
  const result: unknown = new Proxy(() => undefined, {
    get(_target, property) {
      if (property === 'then') return (resolve: (value: unknown) => void) => resolve(placeholderResult(last));
      if (typeof property !== 'string') return undefined;
      return (...args: unknown[]) => {
        lines[index] += `.${property}(${argumentList(args)})`;
        last = property;
        return result;
      };
    },
  });
  return result;
}

/** What an awaited call gives back in a dry run: no documents. */
function placeholderResult(method: string): unknown {
  if (method === 'toArray' || method === 'listCollections' || method === 'indexes' || method === 'listIndexes') return [];
  if (method === 'countDocuments' || method === 'estimatedDocumentCount') return 0;
  return {};
}

/** `db.users`, or `db.getCollection("order-items")` for a name that is not an identifier. */
function collectionRef(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name) ? `db.${name}` : `db.getCollection(${JSON.stringify(name)})`;
}

/** Collection names mongosh would take for a `Db` member. */
const RESERVED = new Set([
  'collection',
  'command',
  'getCollection',
  'createCollection',
  'runCommand',
  'stats',
  'aggregate',
  'admin',
  'watch',
]);

/** The arguments of a call; trailing `undefined`s and options that are empty once `session: undefined` goes are left out. */
function argumentList(args: readonly unknown[]): string {
  const shown = args.map(shellLiteral);
  while (
    shown.length > 0 &&
    (shown[shown.length - 1] === 'undefined' || (shown[shown.length - 1] === '{}' && isSessionOnly(args[shown.length - 1])))
  ) {
    shown.pop();
  }
  return shown.join(', ');
}

function isSessionOnly(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0 && Object.keys(value).every((k) => k === 'session');
}
