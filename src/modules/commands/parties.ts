/**
 * The parties of a commands or charging profiles request, from the shared routing context
 * (T-23..T-26): the own party addressed and the requesting party. An asynchronous request also
 * needs someone to send its result to, so a partner hosting several parties without saying which
 * one asks (no OCPI-from headers) is answered as its first non-CPO party.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerHasParty, partyKey } from '../credentials/partner.js';
import type { Partner, PartyKey } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import { functionalCall } from '../shared/routing.js';
import type { OwnRole } from '../versions/interfaces.js';

export interface RequestParties {
  partner: Partner;
  /** The own party addressed (TO). */
  own: PartyKey;
  /** The requesting party (FROM), or the partner's first non-CPO party when that is ambiguous. */
  from: PartyKey;
  /** Whether `from` is known exactly (headers, or the partner's only party) rather than a guess. */
  fromKnown: boolean;
}

export function requestParties(request: FastifyRequest, reply: FastifyReply, ctx: NodeContext, ownRole: OwnRole): RequestParties {
  const call = functionalCall(request, reply, ctx, ownRole);
  const own = { countryCode: call.own.countryCode, partyId: call.own.partyId };
  if (call.from) return { partner: call.partner, own, from: call.from, fromKnown: true };
  const guess = call.partner.roles.find((r) => r.role !== 'CPO') ?? call.partner.roles[0];
  const from = guess ? partyKey(guess.country_code, guess.party_id) : own;
  return { partner: call.partner, own, from, fromKnown: false };
}

/**
 * Whether (country_code, party_id) — e.g. the owner of a token — is the requesting party: exactly
 * the requesting party when known, otherwise any party the partner registered.
 */
export function requesterIs(parties: RequestParties, countryCode: string, partyId: string): boolean {
  const cc = countryCode.toUpperCase();
  const pid = partyId.toUpperCase();
  if (parties.fromKnown) return parties.from.countryCode === cc && parties.from.partyId === pid;
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
