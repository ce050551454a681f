import type { ActionWriters } from '../adapter/action-writers';
import type { DialectCapabilities } from '../adapter/dialect-capabilities';
import type { ActionKind } from '../planner/action';

/**
 * The capabilities that plan actions (or variants of them) that have no portable writer, with the writers they
 * need and why: an adapter that declares one must bring those writers.
 */
const NEEDS: readonly {
  readonly when: (caps: DialectCapabilities) => boolean;
  readonly kinds: readonly ActionKind[];
  readonly why: string;
}[] = [
  {
    when: (c) => c.concurrentIndexes === true,
    kinds: ['createIndex', 'dropIndex'],
    why: 'concurrentIndexes plans indexes built and dropped without blocking writes',
  },
  { when: (c) => c.enumAddValue === true, kinds: ['addEnumValue'], why: 'enumAddValue plans enum values added in place' },
  {
    when: (c) => c.validateForeignKeysApart === true,
    kinds: ['addForeignKey', 'validateForeignKey'],
    why: 'validateForeignKeysApart plans foreign keys added unchecked and validated apart',
  },
  {
    when: (c) => c.enums === 'named-type',
    kinds: ['recreateEnum', 'renameEnum'],
    why: "enums: 'named-type' plans enum types recreated with new values, and renamed with their table or column",
  },
  { when: (c) => c.renameIndex === true, kinds: ['renameIndex'], why: 'renameIndex plans indexes renamed in place' },
  {
    when: (c) => c.namedForeignKeys === true && c.foreignKeysCreateIndex === true,
    kinds: ['renameForeignKey'],
    why: 'namedForeignKeys with foreignKeysCreateIndex plans foreign keys renamed with the index named after them',
  },
  {
    when: (c) => c.identity === 'identity' && c.alterColumnConstraints,
    kinds: ['alterColumn'],
    why: "identity: 'identity' plans columns made identity columns in place",
  },
  { when: (c) => c.columnChanges === 'modify-column', kinds: ['alterColumn'], why: "columnChanges: 'modify-column' plans MODIFY COLUMN" },
  {
    when: (c) => (c.identity ?? 'autoincrement') === 'autoincrement' && c.alterColumnConstraints,
    kinds: ['addPrimaryKey', 'replacePrimaryKey'],
    why: 'an AUTO_INCREMENT column changed in place plans a key added together with its column',
  },
];

/**
 * What an adapter's writers lack for its capabilities: one line per capability whose actions it cannot write
 * (`defineAdapter` refuses such an adapter with them). Empty when nothing is missing.
 *
 * @example
 * missingWriters({ ...postgresqlCapabilities }, {});
 * // ['writers.createIndex, writers.dropIndex (concurrentIndexes plans indexes built and dropped without blocking writes)', …]
 */
export function missingWriters(capabilities: DialectCapabilities, writers: ActionWriters | undefined): string[] {
  return NEEDS.filter((need) => need.when(capabilities))
    .map((need) => ({ ...need, lacking: need.kinds.filter((kind) => typeof writers?.[kind] !== 'function') }))
    .filter((need) => need.lacking.length > 0)
    .map((need) => `${need.lacking.map((kind) => `writers.${kind}`).join(', ')} (${need.why})`);
}
