import type { Kysely } from 'kysely';
import { createObjectTable } from '../../modules/shared/object-table.js';

/**
 * Locations (one row per Location, EVSEs and Connectors inside its JSON) and Tariffs, own and
 * received, in the shared object-table layout. `valid_evses` marks Locations with at least one EVSE
 * that is not REMOVED (LOC-01).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createObjectTable(db, 'locations', [{ name: 'valid_evses', type: 'integer', notNullDefault: 0 }]);
  await createObjectTable(db, 'tariffs');
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tariffs', 'locations']) await db.schema.dropTable(table).ifExists().execute();
}
