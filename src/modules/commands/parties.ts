/**
 * Which of this node's parties a request addresses and which of the partner's parties sent it,
 * from the routing headers (T-23, T-25, T-26). Kept minimal for the two asynchronous modules until
 * the shared request context lands: headers are checked against the own parties and the partner's
 * registered roles, and when absent the only candidate is taken.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OcpiError } from '../../core/status.js';
import { partnerHasParty, partyKey } from '../credentials/partner.js';
import type { Partner, PartyKey } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import type { OwnRole } from '../versions/interfaces.js';

export interface RequestParties {
  partner: Partner;
  /** The own party addressed (TO). */
  own: PartyKey;
  /** The partner's party that sent the request (FROM), or the partner's first non-CPO party without headers. */
  from: PartyKey;
  /** Whether `from` came from the OCPI-from-* headers (then it is exact, not a guess). */
  fromHeader: boolean;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The parties of an authenticated request to an interface of `ownRole`; sets the response's routing headers. */
export function requestParties(request: FastifyRequest, reply: FastifyReply, ctx: NodeContext, ownRole: OwnRole): RequestParties {
  const partner = request.ocpi!.partner;
  const own = ownParty(request, ctx, ownRole);
  const fromHeader = header(request, 'ocpi-from-country-code') !== undefined || header(request, 'ocpi-from-party-id') !== undefined;
  const from = fromParty(request, partner);
  // T-25: the answer goes back from the addressed party to the requesting one.
  reply.header('OCPI-from-country-code', own.countryCode);
  reply.header('OCPI-from-party-id', own.partyId);
  reply.header('OCPI-to-country-code', from.countryCode);
  reply.header('OCPI-to-party-id', from.partyId);
  return { partner, own, from, fromHeader };
}

function ownParty(request: FastifyRequest, ctx: NodeContext, ownRole: OwnRole): PartyKey {
  const candidates = ctx.ownParties.filter((p) => p.role === ownRole);
  const cc = header(request, 'ocpi-to-country-code');
  const pid = header(request, 'ocpi-to-party-id');
  if (cc !== undefined || pid !== undefined) {
    if (cc === undefined || pid === undefined) throw OcpiError.invalid(`${cc === undefined ? 'OCPI-to-country-code' : 'OCPI-to-party-id'}: header missing`);
    const key = partyKey(cc, pid);
    const match = candidates.find((p) => p.country_code === key.countryCode && p.party_id === key.partyId);
    if (!match) throw OcpiError.notFound(`OCPI-to-party-id: ${key.countryCode}/${key.partyId} is not a ${ownRole} party of this platform`);
    return key;
  }
  const [only, ...more] = candidates;
  if (only === undefined) throw OcpiError.notFound(`This platform has no ${ownRole} party`);
  if (more.length > 0) throw OcpiError.invalid('OCPI-to-country-code/OCPI-to-party-id: required, this platform hosts several parties');
  return partyKey(only.country_code, only.party_id);
}

function fromParty(request: FastifyRequest, partner: Partner): PartyKey {
  const cc = header(request, 'ocpi-from-country-code');
  const pid = header(request, 'ocpi-from-party-id');
  if (cc !== undefined || pid !== undefined) {
    if (cc === undefined || pid === undefined) throw OcpiError.invalid(`${cc === undefined ? 'OCPI-from-country-code' : 'OCPI-from-party-id'}: header missing`);
    if (!partnerHasParty(partner, cc, pid)) throw OcpiError.notFound(`OCPI-from-party-id: ${cc}/${pid} is not a party this token registered`);
    return partyKey(cc, pid);
  }
  const first = partner.roles.find((r) => r.role !== 'CPO') ?? partner.roles[0];
  if (!first) throw OcpiError.notFound('OCPI-from-party-id: this token registered no party');
  return partyKey(first.country_code, first.party_id);
}

/**
 * Whether (country_code, party_id) — e.g. the owner of a token — is the requesting party: exactly
 * the OCPI-from party when the headers named it, otherwise any party the partner registered.
 */
export function requesterIs(parties: RequestParties, countryCode: string, partyId: string): boolean {
  const cc = countryCode.toUpperCase();
  const pid = partyId.toUpperCase();
  if (parties.fromHeader) return parties.from.countryCode === cc && parties.from.partyId === pid;
  return partnerHasParty(parties.partner, cc, pid);
}

/** The partner's party acting in `role` (the addressee of what evroam sends), or the partner's first. */
export function partnerPartyInRole(partner: Partner, role: string): PartyKey | undefined {
  const match = partner.roles.find((r) => r.role === role) ?? partner.roles[0];
  return match && partyKey(match.country_code, match.party_id);
}

/** This node's party in `role`: the given one (checked) or the only one. */
export function ownPartyInRole(ctx: NodeContext, role: OwnRole, wanted?: PartyKey): PartyKey {
  const candidates = ctx.ownParties.filter((p) => p.role === role).map((p) => partyKey(p.country_code, p.party_id));
  if (wanted) {
    const key = partyKey(wanted.countryCode, wanted.partyId);
    if (!candidates.some((c) => c.countryCode === key.countryCode && c.partyId === key.partyId)) {
      throw new Error(`${key.countryCode}/${key.partyId} is not a ${role} party of this node`);
    }
    return key;
  }
  const [only, ...more] = candidates;
  if (only === undefined) throw new Error(`this node plays no ${role} party`);
  if (more.length > 0) throw new Error(`this node hosts several ${role} parties: say which one acts`);
  return only;
}
