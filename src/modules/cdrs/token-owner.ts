/**
 * Sessions and CDRs belong to the CPO, but concern one eMSP: the owner of their token (SES-07,
 * CDR-02, CDR-06). The `token_owner` column records it, so a Sender list shows a partner only the
 * objects of its own tokens with one indexed condition.
 */
import type { FunctionalCall } from '../shared/routing.js';
import type { ObjectQuery } from '../shared/object-store.js';
import type { CdrToken } from './schema.js';

/** `CC/PID` of the token's eMSP, upper case (PIT-21). */
export function tokenOwner(token: Pick<CdrToken, 'country_code' | 'party_id'>): string {
  return `${token.country_code.toUpperCase()}/${token.party_id.toUpperCase()}`;
}

/** The `token_owner` column of a Session or CDR. */
export function tokenOwnerColumn(object: { cdr_token: CdrToken }): Record<string, string> {
  return { token_owner: tokenOwner(object.cdr_token) };
}

/**
 * The eMSP parties a caller may see objects of: the requesting party when known (OCPI-from-*
 * headers), otherwise every eMSP party of the connection.
 */
export function callerTokenOwners(call: FunctionalCall): string[] {
  if (call.from !== undefined) return [tokenOwner({ country_code: call.from.countryCode, party_id: call.from.partyId })];
  return call.partner.roles.filter((r) => r.role === 'EMSP').map((r) => tokenOwner(r));
}

/** Limits a list query to the caller's tokens (CDR-02: "only CDRs relevant to the requesting eMSP"). */
export function visibleToCaller(query: ObjectQuery, call: FunctionalCall): ObjectQuery {
  const owners = callerTokenOwners(call);
  return owners.length === 0 ? query.where((eb) => eb.val(1), '=', 0) : query.where('token_owner', 'in', owners);
}

/** What visibleToCaller selects, as a page cache key. */
export function visibleToCallerKey(call: FunctionalCall): string {
  return `token_owner in ${callerTokenOwners(call).sort().join(',')}`;
}
