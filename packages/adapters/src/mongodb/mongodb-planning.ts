import {
  type ColumnModel,
  type DocumentPlan,
  type DocumentPlanInput,
  type DocumentPlanning,
  type Finding,
  type LogicalType,
  type PlannedDocumentStep,
  type SchemaModel,
  type TableModel,
  sameDocumentType,
} from '@gati-framework/migrations';
import { fieldName } from './mongodb-fields';
import { type IndexChanges, type MongoIndex, collectionIndexes, diffCollectionIndexes } from './mongodb-indexes';
import * as code from './mongodb-step-code';
import {
  type JsonSchema,
  bsonTypesOf,
  canonical,
  collectionSchema,
  describeFieldType,
  fieldSchemaOf,
  isWidening,
  removeField,
  renameField,
  replaceField,
} from './mongodb-validator';

/**
 * The generate side of the MongoDB adapter: plans a migration from the last snapshot's model to the entity
 * types' model, with no server. Per collection, in this order: create (explicitly, with its validator and
 * options) or rename; drop the indexes no longer declared (by keys); the validator, widened first where it gets
 * narrower; data steps (field renames, type conversions, defaults, removed fields); a check that every document
 * matches the narrower validator, then that validator; new indexes and TTL changes; dropped collections last.
 */
export const mongodbPlanning: DocumentPlanning = {
  planDocumentMigration: planMongoMigration,
  migrationTemplates: { migration: 'mongodb-migration', empty: 'empty-mongodb-migration' },
};

/** Numbers convert to double (a `number` accepts int, long, double and decimal), bigints to long. */
const CONVERT_TO: Partial<Record<string, string>> = {
  int: 'double',
  float: 'double',
  decimal: 'double',
  bigint: 'long',
  text: 'string',
  varchar: 'string',
  uuid: 'string',
  boolean: 'bool',
  timestamp: 'date',
};

interface Collections {
  readonly created: TableModel[];
  readonly dropped: TableModel[];
  readonly kept: { readonly before: TableModel; readonly after: TableModel }[];
}

/** See `mongodbPlanning`. */
export function planMongoMigration(input: DocumentPlanInput): DocumentPlan {
  const plan = new MongoPlan();
  const { previous, next } = input;
  const collections = pairCollections(input);
  for (const table of collections.created) plan.createCollection(table, next);
  for (const { before, after } of collections.kept) {
    if (before.name !== after.name) plan.renameCollection(before, after.name);
  }
  for (const pair of collections.kept) plan.changeCollection(pair.before, pair.after, input);
  for (const table of collections.dropped) plan.dropCollection(table, previous);
  return plan.result();
}

/** Created, dropped and kept (perhaps renamed) collections, from the change set's table renames. */
function pairCollections({ previous, next, changes }: DocumentPlanInput): Collections {
  const previousName = new Map<string, string>();
  for (const op of changes.operations) if (op.kind === 'renameTable') previousName.set(op.to, op.from);
  const kept: Collections['kept'] = [];
  const created: TableModel[] = [];
  for (const after of next.tables) {
    const before = previous.tables.find((table) => table.name === (previousName.get(after.name) ?? after.name));
    if (before) kept.push({ before, after });
    else created.push(after);
  }
  const dropped = previous.tables.filter((table) => !kept.some((pair) => pair.before === table));
  return { created, dropped, kept };
}

class MongoPlan {
  private readonly steps: PlannedDocumentStep[] = [];
  private readonly dataLossUp: string[] = [];
  private readonly dataLossDown: string[] = [];
  private readonly refused: string[] = [];
  private readonly destructive: string[] = [];
  private readonly declarations: { name: string; code: string; comment: string; collection: string; text: string }[] = [];

  result(): DocumentPlan {
    return {
      declarations: this.declarations.map(({ name, code: value, comment }) => ({ name, code: value, comment })),
      steps: this.steps,
      dataLoss: { up: this.dataLossUp, down: this.dataLossDown },
      destructive: this.destructive,
      refused: this.refused,
    };
  }

  /**
   * A schema the file declares once as a constant (a changed collection's validator appears in several steps):
   * `usersBefore`, `usersAfter`, `usersStage1`. The same schema of the same collection gets the same constant.
   */
  private named(collection: string, suffix: string, schema: JsonSchema, comment: string): code.RawCode {
    const text = canonical(schema);
    const same = this.declarations.find((declaration) => declaration.collection === collection && declaration.text === text);
    if (same) return new code.RawCode(same.name);
    const base = `${identifierOf(collection)}${suffix}`;
    let name = base;
    for (let n = 2; this.declarations.some((declaration) => declaration.name === name); n += 1) name = `${base}${n}`;
    this.declarations.push({ name, code: code.lit(schema), comment, collection, text });
    return new code.RawCode(name);
  }

  private add(step: Omit<PlannedDocumentStep, 'findings'> & { findings?: readonly Finding[] }): void {
    this.steps.push({ findings: [], ...step });
  }

  createCollection(table: TableModel, model: SchemaModel): void {
    const schema = collectionSchema(table, model.enums);
    const options = code.creationOptions(table.collectionOptions);
    // A time series collection takes no validator.
    const validator = options.timeseries ? undefined : code.validatorDocument(schema);
    const loss = `Dropping collection ${table.name} deletes all its documents`;
    this.dataLossDown.push(loss);
    this.add({
      name: `create collection ${table.name}`,
      upCode: code.createCollectionCode(table.name, validator, options),
      downCode: code.dropCollectionCode(table.name),
      findings: [{ kind: 'data-loss', message: `down: ${loss.toLowerCase()}` }],
    });
    for (const index of collectionIndexes(table)) this.createIndex(table.name, index);
  }

  renameCollection(table: TableModel, to: string): void {
    const from = table.name;
    if (table.collectionOptions?.timeSeries) {
      this.refused.push(`${from}: a time series collection cannot be renamed (MongoDB has no renameCollection for it).`);
      return;
    }
    this.add({
      name: `rename collection ${from} to ${to}`,
      upCode: code.renameCollectionCode(from, to),
      downCode: code.renameCollectionCode(to, from),
    });
  }

  dropCollection(table: TableModel, model: SchemaModel): void {
    const loss = `Dropping collection ${table.name} deletes all its documents`;
    this.dataLossUp.push(loss);
    this.destructive.push(loss);
    const recreate = [
      code.createCollectionCode(
        table.name,
        code.validatorDocument(collectionSchema(table, model.enums)),
        code.creationOptions(table.collectionOptions),
      ),
      ...collectionIndexes(table).map((index) => code.createIndexCode(table.name, index)),
    ];
    this.add({
      name: `drop collection ${table.name}`,
      upCode: code.dropCollectionCode(table.name),
      downCode: [`// The documents are not restored: the collection comes back empty.`, ...recreate].join('\n'),
      findings: [{ kind: 'data-loss', message: loss.toLowerCase() }],
    });
  }

  private createIndex(collection: string, index: MongoIndex): void {
    this.add({
      name: `create index ${collection}.${index.fields.join(',')}${index.unique ? ' (unique)' : ''}`,
      upCode: code.createIndexCode(collection, index),
      downCode: code.dropIndexCode(collection, index),
      ...(index.unique
        ? { findings: [{ kind: 'may-fail', message: `fails when documents of ${collection} share a value of ${index.fields.join(', ')}` }] }
        : {}),
    });
  }

  private dropIndex(collection: string, index: MongoIndex): void {
    this.add({
      name: `drop index ${collection}.${index.fields.join(',')}${index.unique ? ' (unique)' : ''}`,
      upCode: code.dropIndexCode(collection, index),
      downCode: code.createIndexCode(collection, index),
    });
  }

  /** A kept collection: options, indexes, validator and data steps. */
  changeCollection(before: TableModel, after: TableModel, input: DocumentPlanInput): void {
    const collection = after.name;
    for (const option of changedOptions(before, after)) {
      this.refused.push(
        `${collection}: the collection option ${option} cannot change once the collection exists ` +
          `(${describeOption(before, option)} -> ${describeOption(after, option)}); create a new collection and copy the documents in a migration of your own (migrate:create).`,
      );
    }
    const indexes = diffCollectionIndexes(collectionIndexes(before), collectionIndexes(after));
    for (const index of indexes.dropped) this.dropIndex(collection, index);

    const schemaBefore = collectionSchema(before, input.previous.enums);
    const schemaAfter = collectionSchema(after, input.next.enums);
    const validatorChanged = canonical(schemaBefore) !== canonical(schemaAfter) && !after.collectionOptions?.timeSeries;
    const narrower = validatorChanged && !isWidening(schemaBefore, schemaAfter);
    // The data steps, planned aside: the widened validator must accept the documents as each step leaves them.
    const start = this.steps.length;
    const states = this.dataSteps(before, after, input, schemaBefore, schemaAfter);
    const data = this.steps.splice(start);
    if (!validatorChanged) {
      this.steps.push(...data);
      this.finishIndexes(collection, indexes);
      return;
    }
    const beforeRef = this.named(collection, 'Before', schemaBefore, `The validator of ${collection} before this migration.`);
    const stateRefs = uniqueSchemas(states)
      .filter((state) => canonical(state) !== canonical(schemaBefore) && canonical(state) !== canonical(schemaAfter))
      .map((state, i) =>
        this.named(
          collection,
          `Stage${i + 1}`,
          state,
          `The documents of ${collection} between the data steps of this migration (stage ${i + 1}).`,
        ),
      );
    const afterRef = this.named(collection, 'After', schemaAfter, `The validator of ${collection} after this migration.`);
    const widened = code.widenedValidator([beforeRef, ...stateRefs, afterRef]);
    if (narrower) {
      this.add({
        name: `widen validator of ${collection} (old or new documents)`,
        upCode: code.setValidatorCode(collection, widened),
        downCode: code.setValidatorCode(collection, code.validatorDocument(beforeRef)),
      });
    } else {
      // Every document the old validator accepts, the new one does: set it first, so that removing a field that the
      // old one required passes.
      this.add({
        name: `set validator of ${collection}`,
        upCode: code.setValidatorCode(collection, code.validatorDocument(afterRef)),
        downCode: code.setValidatorCode(collection, code.validatorDocument(beforeRef)),
      });
    }
    this.steps.push(...data);
    if (narrower) {
      const fields = changedFields(schemaBefore, schemaAfter);
      this.add({
        name: `check documents of ${collection} match the new validator`,
        upCode: code.checkSchemaCode(
          collection,
          afterRef,
          `documents of ${collection} do not match the new validator (${fields.join(', ')})`,
          fields,
        ),
        downCode: code.nothingCode('Nothing to undo: the up only checks.'),
        findings: [
          {
            kind: 'may-fail',
            message: `fails, naming the documents, when documents of ${collection} do not match the new validator (${fields.join(', ')})`,
          },
        ],
      });
      this.add({
        name: `set validator of ${collection}`,
        upCode: code.setValidatorCode(collection, code.validatorDocument(afterRef)),
        downCode: code.setValidatorCode(collection, widened),
      });
    }
    this.finishIndexes(collection, indexes);
  }

  /** The indexes a kept collection gains, and the TTL changes: after its data steps and validator. */
  private finishIndexes(collection: string, indexes: IndexChanges): void {
    for (const index of indexes.created) this.createIndex(collection, index);
    for (const { from, to } of indexes.ttlChanged) {
      this.add({
        name: `change expiry of index ${collection}.${to.fields.join(',')} to ${to.expireAfterSeconds}s`,
        upCode: code.setExpiryCode(collection, to, to.expireAfterSeconds!),
        downCode: code.setExpiryCode(collection, from, from.expireAfterSeconds!),
      });
    }
  }

  /**
   * Field renames, conversions, defaults for new required fields, removed fields: in that order. Returns the
   * schema the documents match after each step that changes their shape (from `schemaBefore` towards `schemaAfter`).
   */
  private dataSteps(
    before: TableModel,
    after: TableModel,
    input: DocumentPlanInput,
    schemaBefore: JsonSchema,
    schemaAfter: JsonSchema,
  ): JsonSchema[] {
    const collection = after.name;
    const states: JsonSchema[] = [];
    let state = schemaBefore;
    const advance = (next: JsonSchema): void => {
      state = next;
      states.push(next);
    };
    const renamedTo = new Map<string, string>();
    for (const op of input.changes.operations) {
      if (op.kind === 'renameColumn' && op.table === collection) renamedTo.set(op.from, op.to);
    }
    const pairs: { from: ColumnModel; to: ColumnModel }[] = [];
    for (const from of before.columns) {
      const to = after.columns.find((column) => column.name === (renamedTo.get(from.name) ?? from.name));
      if (to) pairs.push({ from, to });
    }
    for (const { from, to } of pairs) {
      const oldField = fieldName(before, from.name);
      const newField = fieldName(after, to.name);
      if (oldField === newField) continue;
      if (oldField === '_id' || newField === '_id') {
        this.refused.push(
          `${collection}: ${from.name} -> ${to.name} moves the primary key in or out of _id, which MongoDB cannot change in place.`,
        );
        continue;
      }
      advance(renameField(state, oldField, newField));
      this.add({
        name: `rename field ${collection}.${oldField} to ${newField}`,
        transaction: true,
        upCode: code.renameFieldCode(collection, oldField, newField),
        downCode: code.renameFieldCode(collection, newField, oldField),
      });
    }
    for (const { from, to } of pairs) {
      const field = fieldName(after, to.name);
      if (!sameDocumentType(from.type, to.type) && this.convert(collection, field, from.type, to.type)) {
        advance(replaceField(state, field, fieldSchemaOf(schemaAfter, field)));
      }
    }
    for (const { from, to } of pairs) {
      if (from.nullable && !to.nullable && to.default?.kind === 'literal') this.fill(collection, fieldName(after, to.name), to, true);
    }
    for (const column of after.columns) {
      if (pairs.some((pair) => pair.to === column) || column.nullable) continue;
      const field = fieldName(after, column.name);
      if (column.default?.kind === 'literal') this.fill(collection, field, column, false);
      else if (field !== '_id') {
        const why = column.default ? `its @default (${column.default.expression}) is not a literal value` : 'it has no @default';
        this.refused.push(
          `${collection}.${field} is new and required, but ${why}: the documents of ${collection} lack it. ` +
            `Give it a literal @default (\`@default 0\`, \`@default 'none'\`), or make it optional.`,
        );
      }
    }
    for (const column of before.columns) {
      if (pairs.some((pair) => pair.from === column)) continue;
      const field = fieldName(before, column.name);
      if (field === '_id') continue;
      const loss = `Removing field ${collection}.${field} deletes its values`;
      this.dataLossUp.push(loss);
      this.destructive.push(loss);
      advance(removeField(state, field));
      this.add({
        name: `remove field ${collection}.${field}`,
        transaction: true,
        upCode: code.unsetFieldCode(collection, field),
        downCode: code.nothingCode(`The values of ${field} are not restored.`),
        findings: [{ kind: 'data-loss', message: loss.toLowerCase() }],
      });
    }
    return states;
  }

  private fill(collection: string, field: string, column: ColumnModel, alsoNull: boolean): void {
    const value = column.default?.kind === 'literal' ? column.default.value : null;
    this.add({
      name: `fill ${collection}.${field} with its default where ${alsoNull ? 'missing or null' : 'missing'}`,
      transaction: true,
      upCode: code.fillFieldCode(collection, field, value, alsoNull),
      downCode: alsoNull
        ? code.nothingCode('The filled values stay: the old validator accepts them.')
        : code.unsetFieldCode(collection, field),
      findings: [{ kind: 'backfill', message: `writes ${JSON.stringify(value)} into the documents of ${collection} that lack ${field}` }],
    });
  }

  /** A type change: `$convert` where the BSON types differ, and the same back; the narrower validator checks the rest. */
  private convert(collection: string, field: string, from: LogicalType, to: LogicalType): boolean {
    const target = CONVERT_TO[to.kind];
    const source = CONVERT_TO[from.kind];
    const fromTypes = bsonTypesOf(from);
    const toTypes = bsonTypesOf(to);
    if (field === '_id') {
      this.refused.push(
        `${collection}._id cannot change type (${describeFieldType(from)} -> ${describeFieldType(to)}): MongoDB does not update _id.`,
      );
      return false;
    }
    if (!target || !source || !fromTypes || !toTypes || fromTypes.every((type) => toTypes.includes(type))) return false;
    const upLoss = lossOf(from, to);
    const downLoss = lossOf(to, from);
    const label = `${collection}.${field} from ${describeFieldType(from)} to ${describeFieldType(to)}`;
    if (upLoss) this.dataLossUp.push(`Converting ${label} ${upLoss}`);
    if (downLoss) this.dataLossDown.push(`Converting ${collection}.${field} back to ${describeFieldType(from)} ${downLoss}`);
    const backTypes = toTypes.filter((type) => !fromTypes.includes(type));
    this.add({
      name: `convert ${label}`,
      transaction: true,
      upCode: code.convertFieldCode(
        collection,
        field,
        fromTypes.filter((type) => !toTypes.includes(type)),
        target,
        `${collection}.${field} holds values that do not convert to ${describeFieldType(to)}`,
      ),
      downCode: code.convertFieldCode(
        collection,
        field,
        backTypes,
        source,
        `${collection}.${field} holds values that do not convert back to ${describeFieldType(from)}`,
      ),
      findings: [
        {
          kind: 'may-fail',
          message: `a value of ${collection}.${field} that does not convert is kept, and the step fails naming its document`,
        },
        ...(upLoss ? [{ kind: 'data-loss' as const, message: upLoss }] : []),
      ],
    });
    return true;
  }
}

/** What a conversion loses, or undefined: to a boolean (every other value is true or false), between number and bigint. */
function lossOf(from: LogicalType, to: LogicalType): string | undefined {
  const numeric = (type: LogicalType) => ['int', 'float', 'decimal'].includes(type.kind);
  if (to.kind === 'boolean' && from.kind !== 'boolean') return 'keeps only true or false of each value';
  if (numeric(from) && to.kind === 'bigint') return 'drops the fraction of each number';
  if (from.kind === 'bigint' && numeric(to)) return 'rounds integers beyond 2^53';
  return undefined;
}

const OPTIONS = ['collation', 'timeSeries', 'clustered'] as const;

function changedOptions(before: TableModel, after: TableModel): (typeof OPTIONS)[number][] {
  return OPTIONS.filter(
    (option) => JSON.stringify(before.collectionOptions?.[option]) !== JSON.stringify(after.collectionOptions?.[option]),
  );
}

function describeOption(table: TableModel, option: (typeof OPTIONS)[number]): string {
  const value = table.collectionOptions?.[option];
  return value === undefined ? 'none' : String(value);
}

/** The fields whose schema differs (or that are newly required), for messages and the check's sample values. */
function changedFields(before: JsonSchema, after: JsonSchema): string[] {
  const propertiesBefore = (before.properties ?? {}) as Record<string, unknown>;
  const propertiesAfter = (after.properties ?? {}) as Record<string, unknown>;
  const required = new Set((before.required as string[] | undefined) ?? []);
  return Object.keys(propertiesAfter).filter(
    (field) =>
      canonical(propertiesBefore[field]) !== canonical(propertiesAfter[field]) ||
      (((after.required as string[] | undefined) ?? []).includes(field) && !required.has(field)),
  );
}

function uniqueSchemas(schemas: readonly JsonSchema[]): JsonSchema[] {
  const seen = new Set<string>();
  return schemas.filter((schema) => {
    const text = canonical(schema);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** `users` -> `users`, `order_items` -> `orderItems`, `movies-info` -> `moviesInfo`, `2fa` -> `_2fa`: a constant's name. */
function identifierOf(collection: string): string {
  const words = collection.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words
    .map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
