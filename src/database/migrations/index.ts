import { InitialSchema1732240000000 } from './1732240000000-initial-schema.js';
import { DropCacheFence1732240000002 } from './1732240000002-drop-cache-fence.js';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1732240000000, DropCacheFence1732240000002];
