/**
 * Sessions and CDRs belong to the CPO, but concern one eMSP: the owner of their token (SES-07,
 * CDR-02, CDR-06). The `token_owner` column records it, so a Sender list shows a partner only the
 * objects of its own tokens with one indexed condition.
 */
import { OcpiError } from '../../core/status.js';
import type { NodeContext } from '../module.js';
import type { FunctionalCall } from '../shared/routing.js';
import { ownPartiesOf } from '../shared/routing.js';
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

/**
 * A Session or CDR pushed to this eMSP concerns one of its own parties' tokens (SES-07, CDR-06):
 * one for another eMSP is misrouted and is refused (2001 naming cdr_token) rather than kept, which
 * T-31 allows. Only a well-formed cdr_token is judged; a malformed one is left to the schema.
 */
export function assertOwnEmspToken(ctx: NodeContext, cdrToken: unknown): void {
  const token = cdrToken as { country_code?: unknown; party_id?: unknown } | null | undefined;
  if (typeof token?.country_code !== 'string' || typeof token.party_id !== 'string') return;
  const owner = tokenOwner({ country_code: token.country_code, party_id: token.party_id });
  if (!ownPartiesOf(ctx, 'EMSP').some((p) => `${p.countryCode}/${p.partyId}` === owner)) {
    throw OcpiError.invalid(`cdr_token: ${owner} is not an eMSP party of this platform; send it to the eMSP owning the token`);
  }
}
