import type { EntityShape, PropertyShape } from './entity-shape';

/** Looks entities up by type name (or table name), as `@references User.id` names them. */
export class EntityIndex {
  private readonly byName = new Map<string, EntityShape>();

  constructor(shapes: readonly EntityShape[]) {
    for (const shape of shapes) if (!this.byName.has(shape.typeName)) this.byName.set(shape.typeName, shape);
    for (const shape of shapes) if (!this.byName.has(shape.tableName)) this.byName.set(shape.tableName, shape);
  }

  find(name: string): EntityShape | undefined {
    return this.byName.get(name);
  }
}

/** A property of `shape` by its TypeScript name, else by its column name. */
export function findProperty(shape: EntityShape, name: string): PropertyShape | undefined {
  return shape.properties.find((property) => property.name === name) ?? shape.properties.find((property) => property.columnName === name);
}
