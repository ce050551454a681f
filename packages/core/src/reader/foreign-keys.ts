import type { ForeignKeyModel } from '../model';
import { foreignKeyName, unqualifiedName } from '../model';
import { EntityProblem } from './entity-problems';
import { findProperty, type EntityIndex } from './entity-index';
import type { EntityShape, PropertyShape } from './entity-shape';
import { parseOnDelete, parseReference } from './tag-arguments';

/**
 * The foreign key that `@references Entity.prop` (with `@onDelete`) declares on `property`, if any. The
 * referenced entity may be in any entity file; its table and column names honour `@table` and `@column`.
 */
export function readForeignKey(entities: EntityIndex, shape: EntityShape, property: PropertyShape): ForeignKeyModel | undefined {
  const tag = property.tags.get('references');
  const onDeleteTag = property.tags.get('onDelete');
  if (!tag) {
    if (onDeleteTag) {
      throw new EntityProblem(
        `@onDelete on ${shape.typeName}.${property.name} needs @references Entity.prop on the same property.`,
        onDeleteTag.node,
      );
    }
    return undefined;
  }
  const reference = parseReference(tag);
  const target = entities.find(reference.entity);
  if (!target) {
    throw new EntityProblem(
      `@references ${tag.text} on ${shape.typeName}.${property.name}: there is no entity ${reference.entity} in the entity files. ` +
        'Name an exported entity type (check the spelling and the `entities` setting).',
      tag.node,
    );
  }
  const targetProperty = findProperty(target, reference.property);
  if (!targetProperty) {
    throw new EntityProblem(
      `@references ${tag.text} on ${shape.typeName}.${property.name}: ${target.typeName} has no property ${reference.property}.`,
      tag.node,
    );
  }
  const columns = [property.columnName];
  return {
    name: foreignKeyName(unqualifiedName(shape.tableName), columns),
    columns,
    referencedTable: target.tableName,
    referencedColumns: [targetProperty.columnName],
    ...(onDeleteTag ? { onDelete: parseOnDelete(onDeleteTag) } : {}),
  };
}
