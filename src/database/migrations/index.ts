import { CacheFenceTable1732240000001 } from '../../cache/cache-fence.migration.js';
import { InitialSchema1732240000000 } from './1732240000000-initial-schema.js';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [InitialSchema1732240000000, CacheFenceTable1732240000001];
