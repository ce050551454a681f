import * as ts from 'typescript';
import { EntityProblem } from './entity-problems';

/** The JSDoc tags the reader understands, spelled as in the contract. */
export const TYPE_TAGS = [
  'table',
  'schema',
  'renamedFrom',
  'primaryKey',
  'unique',
  'index',
  // Document databases (MongoDB) only: options a collection is created with.
  'collation',
  'timeSeries',
  'clustered',
] as const;
export const PROPERTY_TAGS = [
  'column',
  'primaryKey',
  'unique',
  'index',
  'default',
  'maxLength',
  'dbType',
  'float',
  'decimal',
  'uuid',
  'text',
  'generated',
  'references',
  'onDelete',
  'renamedFrom',
  // Document databases (MongoDB) only: a TTL index on a date property.
  'expireAfterSeconds',
] as const;

export type TypeTagName = (typeof TYPE_TAGS)[number];
export type PropertyTagName = (typeof PROPERTY_TAGS)[number];
export type GatiTagName = TypeTagName | PropertyTagName;

/** Tags that may be written more than once on the same declaration. */
const REPEATABLE: ReadonlySet<GatiTagName> = new Set<GatiTagName>(['index', 'unique']);

const CANONICAL = new Map<string, GatiTagName>([...TYPE_TAGS, ...PROPERTY_TAGS].map((name) => [name.toLowerCase(), name]));

export interface GatiTag {
  readonly name: GatiTagName;
  /** the comment after the tag name, trimmed; '' when there is none */
  readonly text: string;
  readonly node: ts.JSDocTag;
}

/** The gati JSDoc tags of one type or property. Other tags (`@deprecated`, `@example`, …) are ignored. */
export class GatiTags {
  constructor(private readonly tags: readonly GatiTag[]) {}

  has(name: GatiTagName): boolean {
    return this.tags.some((tag) => tag.name === name);
  }

  get(name: GatiTagName): GatiTag | undefined {
    return this.tags.find((tag) => tag.name === name);
  }

  /** Every tag with one of `names`, in the order written. */
  all(...names: GatiTagName[]): readonly GatiTag[] {
    return this.tags.filter((tag) => names.includes(tag.name));
  }

  /** The tag's text, which must not be empty; `undefined` when the tag is absent. */
  value(name: GatiTagName, usage: string): string | undefined {
    const tag = this.get(name);
    if (!tag) return undefined;
    if (tag.text === '') throw new EntityProblem(`@${name} needs a value: ${usage}.`, tag.node);
    return tag.text;
  }
}

/**
 * Reads the gati tags written on `declarations` (all declarations of a merged interface or an intersected
 * property). Tag names match case-insensitively (`@primarykey` is `@primaryKey`). A tag that does not belong
 * at this place, or a single-valued tag written twice, is a problem.
 */
export function readTags(declarations: readonly ts.Node[], place: 'type' | 'property', placeName: string): GatiTags {
  const allowed: readonly GatiTagName[] = place === 'type' ? TYPE_TAGS : PROPERTY_TAGS;
  const tags: GatiTag[] = [];
  for (const declaration of declarations) {
    for (const node of ts.getJSDocTags(declaration)) {
      const name = CANONICAL.get(node.tagName.text.toLowerCase());
      if (!name) continue;
      if (!allowed.includes(name)) {
        const where = place === 'type' ? 'on a property' : 'on the type (interface or type alias)';
        throw new EntityProblem(`@${name} on ${placeName} belongs ${where}.`, node);
      }
      if (!REPEATABLE.has(name) && tags.some((tag) => tag.name === name)) {
        throw new EntityProblem(`@${name} is written twice on ${placeName}; keep one.`, node);
      }
      tags.push({ name, text: (ts.getTextOfJSDocComment(node.comment) ?? '').trim(), node });
    }
  }
  return new GatiTags(tags);
}
