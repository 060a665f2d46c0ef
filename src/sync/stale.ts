/**
 * PAG-14: a full list is the new truth, so a stored object of the partner that no page of a full
 * sync listed is no longer valid. The keys seen during the crawl are kept (identities only, not
 * objects); afterwards the partner's stored objects are read back in batches of keys and compared.
 */
import type { Kysely } from 'kysely';
import type { ObjectKey, ObjectStore } from '../modules/shared/object-store.js';
import type { Database } from '../storage/tables.js';

const BATCH = 1000;

/** The identities a full crawl listed. */
export class SeenKeys {
  private readonly keys = new Set<string>();
  /** An invalid object without a readable identity was listed: some stored object may be it. */
  private unreadable = false;

  add(key: ObjectKey | undefined): void {
    if (key === undefined) this.unreadable = true;
    else this.keys.add(keyText(key));
  }

  has(key: ObjectKey): boolean {
    return this.keys.has(keyText(key));
  }

  /** Whether "not seen" proves "not listed": false once an unreadable object was listed. */
  get conclusive(): boolean {
    return !this.unreadable;
  }
}

/**
 * The objects received from `partnerId` (own = 0, the connection that last wrote them) whose key
 * the crawl did not see and whose last_updated lies before `changedBefore` (objects pushed while
 * the crawl ran are alive even when it passed them), batch by batch in storage order. Reads the
 * shared object table layout (src/modules/shared/object-table.ts) through the module's store name.
 */
export async function* unlisted(
  db: Kysely<Database>,
  store: ObjectStore<object>,
  partnerId: string,
  seen: SeenKeys,
  changedBefore: Date,
): AsyncGenerator<ObjectKey[]> {
  const reader = db as unknown as Kysely<any>;
  let after = 0;
  for (;;) {
    const rows = await reader
      .selectFrom(store.table)
      .select(['seq', 'country_code', 'party_id', 'id', 'variant'])
      .where('own', '=', 0)
      .where('partner_id', '=', partnerId)
      .where('last_updated', '<', changedBefore.toISOString())
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    after = Number(rows.at(-1)!.seq);
    const keys = rows.map((r): ObjectKey => {
      const key: ObjectKey = { countryCode: r.country_code, partyId: r.party_id, id: r.id };
      if (r.variant !== '') key.variant = r.variant;
      return key;
    });
    const missing = keys.filter((k) => !seen.has(k));
    if (missing.length > 0) yield missing;
  }
}

/** `NL/CPO/LOC1`, `DE/MSP/UID1/RFID`: upper case, as stored (PIT-21). */
export function keyText(key: ObjectKey): string {
  const parts = [key.countryCode, key.partyId, key.id];
  if (key.variant) parts.push(key.variant);
  return parts.map((part) => part.toUpperCase()).join('/');
}
