/**
 * What this node already holds of a page's objects, read with one query per page (not one per
 * object). Most of a list is usually unchanged (all of a full sync, the overlap of an incremental
 * one) and needs no write; and an object a push updated while the crawl ran is newer than the
 * listed one, which must not overwrite it.
 */
import type { Kysely } from 'kysely';
import type { ObjectKey, ObjectStore } from '../modules/shared/object-store.js';
import type { Database } from '../storage/tables.js';
import { keyText } from './stale.js';

/** Keys per query: four bound parameters each, far below every database's limit. */
const CHUNK = 200;

export interface StoredVersion {
  /** The stored JSON text. */
  data: string;
  /** Its last_updated as stored: a sortable timestamp (`toSortableTimestamp`). */
  lastUpdated: string;
  /** The partner connection that holds it. */
  partnerId: string | null;
}

/** The stored versions of the received objects at `keys`, by `keyText`. */
export async function storedVersions(
  db: Kysely<Database>,
  store: ObjectStore<object>,
  keys: readonly ObjectKey[],
): Promise<Map<string, StoredVersion>> {
  const reader = db as unknown as Kysely<any>;
  const versions = new Map<string, StoredVersion>();
  for (let start = 0; start < keys.length; start += CHUNK) {
    const chunk = keys.slice(start, start + CHUNK);
    const rows = await reader
      .selectFrom(store.table)
      .select(['country_code', 'party_id', 'id', 'variant', 'data', 'last_updated', 'partner_id'])
      .where('own', '=', 0)
      .where((eb) =>
        eb.or(
          chunk.map((k) =>
            eb.and([
              eb('country_code', '=', k.countryCode.toUpperCase()),
              eb('party_id', '=', k.partyId.toUpperCase()),
              eb('id', '=', k.id.toUpperCase()),
              eb('variant', '=', (k.variant ?? '').toUpperCase()),
            ]),
          ),
        ),
      )
      .execute();
    for (const row of rows) {
      const key: ObjectKey = { countryCode: row.country_code, partyId: row.party_id, id: row.id, variant: row.variant };
      versions.set(keyText(key), { data: row.data as string, lastUpdated: row.last_updated as string, partnerId: row.partner_id as string | null });
    }
  }
  return versions;
}
