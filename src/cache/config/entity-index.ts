import type { EntityMetadata } from 'typeorm';

/** The TypeORM entities that may be cached, by class name. */
export class EntityIndex {
  private readonly byName = new Map<string, EntityMetadata[]>();

  constructor(readonly metadatas: readonly EntityMetadata[]) {
    // Only class entities: CacheEntityConfig.entity is a class (EntitySchema by name and
    // junction tables have none).
    for (const metadata of metadatas.filter(isClassEntity)) {
      const same = this.byName.get(metadata.targetName) ?? [];
      this.byName.set(metadata.targetName, [...same, metadata]);
    }
  }

  /**
   * The entity `po` names. A package-qualified Java name (`com.demo.po.AuthUser`), as configs
   * written for a Java application have it, matches by its last segment, the class name:
   * TypeScript classes have no package.
   */
  find(po: string): EntityMetadata[] {
    return this.byName.get(po.slice(po.lastIndexOf('.') + 1)) ?? [];
  }

  names(): string {
    return [...this.byName.keys()].sort().join(', ') || '(none)';
  }
}

export function isClassEntity(metadata: EntityMetadata): boolean {
  return typeof metadata.target === 'function';
}
