/** CDRs in the shared object table, with the party of their token for visibility (CDR-02). */
import { OcpiError } from '../../core/status.js';
import type { NodeContext } from '../module.js';
import { KEEP, ObjectStore } from '../shared/object-store.js';
import type { ObjectKey, Ownership, WriteHook, WriteResult } from '../shared/object-store.js';
import { sameContent } from '../shared/patch.js';
import type { CDR } from './schema.js';
import { tokenOwnerColumn } from './token-owner.js';

export function cdrStore(ctx: NodeContext): ObjectStore<CDR> {
  return new ObjectStore<CDR>(ctx.db, ctx.dialect, 'cdrs', { columns: tokenOwnerColumn, logger: ctx.logger });
}

export function cdrKey(cdr: Pick<CDR, 'country_code' | 'party_id' | 'id'>): ObjectKey {
  return { countryCode: cdr.country_code, partyId: cdr.party_id, id: cdr.id };
}

/**
 * Stores a CDR once (CDR-01: immutable). The same CDR again is an idempotent retry (`created`
 * false); a different one under a stored id is refused with 2001 (CDR-05), the stored one untouched.
 * `created` runs in the transaction that stores a new CDR.
 */
export async function storeCdrOnce(store: ObjectStore<CDR>, owner: Ownership, cdr: CDR, created?: WriteHook<WriteResult<CDR>>): Promise<{ created: boolean }> {
  const result = await store.modify(
    owner,
    cdrKey(cdr),
    (current) => {
      if (current === undefined) return cdr;
      if (sameContent(current, cdr)) return KEEP;
      throw OcpiError.invalid(`id: CDR ${cdr.id} of ${cdr.country_code}/${cdr.party_id} exists with other content; CDRs are immutable, corrections are Credit CDRs (CDR-01)`);
    },
    created,
  );
  return { created: result?.created === true };
}
