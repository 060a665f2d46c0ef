/**
 * A list repeats most objects unchanged (all of a full sync, the overlap of an incremental one).
 * Those need no write: one query per page reads the stored JSON text of the page's objects, and an
 * object whose text equals what its Receiver would store is left alone — no transaction per object.
 */
import type { Kysely } from 'kysely';
import type { ObjectKey, ObjectStore } from '../modules/shared/object-store.js';
import type { Database } from '../storage/tables.js';
import { keyText } from './stale.js';

/** Keys per query: four bound parameters each, far below every database's limit. */
const CHUNK = 200;

/** The stored JSON text of the received objects at `keys`, by `keyText`. */
export async function storedTexts(db: Kysely<Database>, store: ObjectStore<object>, keys: readonly ObjectKey[]): Promise<Map<string, string>> {
  const reader = db as unknown as Kysely<any>;
  const texts = new Map<string, string>();
  for (let start = 0; start < keys.length; start += CHUNK) {
    const chunk = keys.slice(start, start + CHUNK);
    const rows = await reader
      .selectFrom(store.table)
      .select(['country_code', 'party_id', 'id', 'variant', 'data'])
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
      texts.set(keyText(key), row.data as string);
    }
  }
  return texts;
}
