/**
 * Party ownership of client-owned objects (T-28..T-30, PIT-09, PIT-21): the URL's
 * {country_code}/{party_id} must be a party the caller registered, and the body must agree with
 * the URL. CiStrings compare case-insensitively and are stored upper case.
 */
import { OcpiError, OcpiStatus } from '../../core/status.js';
import type { PartyKey } from '../credentials/partner.js';
import { partnerHasParty } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import type { FunctionalCall } from './routing.js';
import { isOwnParty } from './routing.js';

/** CiString equality (TYP-01): case-insensitive; undefined/null never equal. */
export function sameCi(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toUpperCase() === b.toUpperCase();
}

/**
 * T-29: the party in the URL of a client-owned object, upper-cased, when the caller registered it
 * (in `ownerRole` when given, e.g. CPO for Locations). Otherwise HTTP 404 + 2001, revealing nothing:
 * the same answer whether or not such objects exist. A party of this node itself is never accepted.
 * Through a hub, the party named in the FROM headers is accepted (T-27).
 */
export function callerParty(ctx: NodeContext, call: FunctionalCall, countryCode: string, partyId: string, ownerRole?: string): PartyKey {
  const party = { countryCode: countryCode.toUpperCase(), partyId: partyId.toUpperCase() };
  const registered = partnerHasParty(call.partner, party.countryCode, party.partyId, ownerRole) || relayedByHub(call, party);
  if (!registered || isOwnParty(ctx, party.countryCode, party.partyId)) {
    const what = ownerRole ? `${ownerRole} party` : 'party';
    throw OcpiError.notFound(
      `country_code/party_id: ${party.countryCode}/${party.partyId} is not a ${what} registered by this partner`,
      OcpiStatus.INVALID_PARAMETERS,
    );
  }
  return party;
}

/**
 * T-27: a hub relays the requests of the parties behind it, naming the original party in the FROM
 * headers; the hub's connection vouches for that party, and only for it.
 */
function relayedByHub(call: FunctionalCall, party: PartyKey): boolean {
  return (
    call.from !== undefined &&
    call.partner.roles.some((r) => r.role === 'HUB') &&
    call.from.countryCode === party.countryCode &&
    call.from.partyId === party.partyId
  );
}

/**
 * T-30: the body's `country_code`/`party_id` equal the URL's (case-insensitively); a mismatch is
 * 2001 naming the field (HTTP 200: a semantic error, ST-03). Absent fields are left to the schema.
 */
export function assertBodyParty(body: { country_code?: unknown; party_id?: unknown }, party: PartyKey, prefix = ''): void {
  if (body.country_code !== undefined && !sameCi(body.country_code, party.countryCode)) {
    throw OcpiError.invalid(`${prefix}country_code: must equal the country_code in the URL (${party.countryCode})`);
  }
  if (body.party_id !== undefined && !sameCi(body.party_id, party.partyId)) {
    throw OcpiError.invalid(`${prefix}party_id: must equal the party_id in the URL (${party.partyId})`);
  }
}

/** T-30: the body's identifier `field` equals the URL's (case-insensitively); else 2001 naming the field. */
export function assertBodyId(body: Record<string, unknown>, field: string, urlValue: string, prefix = ''): void {
  const value = body[field];
  if (value !== undefined && value !== null && !sameCi(value, urlValue)) {
    throw OcpiError.invalid(`${prefix}${field}: must equal the ${field} in the URL (${urlValue})`);
  }
}

/** country_code/party_id of an object upper-cased in place (PIT-21: evroam stores and emits upper case). */
export function upperParty<T extends { country_code: string; party_id: string }>(object: T): T {
  object.country_code = object.country_code.toUpperCase();
  object.party_id = object.party_id.toUpperCase();
  return object;
}
