/**
 * The parties of a functional-module request (T-23..T-26, PIT-09, PIT-19): which own party is
 * addressed (OCPI-to-* headers), which party of the caller is asking (OCPI-from-*), and the routing
 * headers of the answer (TO = the requesting party, FROM = the answering own party).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import type { Partner, PartyKey } from '../credentials/partner.js';
import { partnerHasParty } from '../credentials/partner.js';
import type { NodeContext } from '../module.js';
import type { OwnRole } from '../versions/interfaces.js';

/** The four routing header names, lower case as Node delivers them (header names are case-insensitive). */
export const ROUTING_HEADERS = {
  toCountryCode: 'ocpi-to-country-code',
  toPartyId: 'ocpi-to-party-id',
  fromCountryCode: 'ocpi-from-country-code',
  fromPartyId: 'ocpi-from-party-id',
} as const;

/** An own party of this node, in the role of the interface being called. */
export interface OwnParty extends PartyKey {
  role: OwnRole;
}

/** Who talks to whom in one functional-module request. */
export interface FunctionalCall {
  /** The authenticated partner connection (the token's owner). */
  partner: Partner;
  /** The addressed own party: the OCPI-to-* headers, or the only own party of the interface's role. */
  own: OwnParty;
  /**
   * The requesting party: the OCPI-from-* headers (checked against the partner's registered roles),
   * or, without them, the partner's only registered party; undefined when that is ambiguous.
   */
  from: PartyKey | undefined;
  /** The request's X-Correlation-ID, to pass on to requests made because of this one (T-22). */
  correlationId: string;
}

const calls = new WeakMap<FastifyRequest, FunctionalCall>();

/**
 * Resolves (once per request) the parties of a functional-module request on an interface of
 * `ownRole`, and sets the answer's routing headers — before any refusal, so error answers carry
 * them too (PIT-19). Refusals (T-26, PROJECT): HTTP 404, status 2001 naming the header.
 */
export function functionalCall(request: FastifyRequest, reply: FastifyReply, ctx: NodeContext, ownRole: OwnRole): FunctionalCall {
  const cached = calls.get(request);
  if (cached) return cached;
  const authenticated = request.ocpi;
  if (!authenticated) throw OcpiError.unauthorized();
  const partner = authenticated.partner;

  const own = addressedParty(request, ctx, ownRole);
  reply.header('OCPI-from-country-code', own.countryCode);
  reply.header('OCPI-from-party-id', own.partyId);

  const from = requestingParty(request, partner);
  const replyTo = from ?? onlyCounterpartOf(partner, ownRole);
  if (replyTo) {
    reply.header('OCPI-to-country-code', replyTo.countryCode);
    reply.header('OCPI-to-party-id', replyTo.partyId);
  }
  const call: FunctionalCall = { partner, own, from, correlationId: request.correlationId };
  calls.set(request, call);
  return call;
}

const ownPartiesByRole = new WeakMap<NodeContext['ownParties'], Map<OwnRole, readonly OwnParty[]>>();

/** The own parties of `role`, upper-cased; worked out once per configuration (it is on every request). */
export function ownPartiesOf(ctx: NodeContext, role: OwnRole): readonly OwnParty[] {
  let byRole = ownPartiesByRole.get(ctx.ownParties);
  if (!byRole) ownPartiesByRole.set(ctx.ownParties, (byRole = new Map()));
  let parties = byRole.get(role);
  if (!parties) {
    parties = Object.freeze(
      ctx.ownParties.filter((p) => p.role === role).map((p) => Object.freeze({ role, countryCode: p.country_code.toUpperCase(), partyId: p.party_id.toUpperCase() })),
    );
    byRole.set(role, parties);
  }
  return parties;
}

/** Whether (country_code, party_id) is one of this node's own parties, in any role (case-insensitive). */
export function isOwnParty(ctx: NodeContext, countryCode: string, partyId: string): boolean {
  const cc = countryCode.toUpperCase();
  const pid = partyId.toUpperCase();
  return ctx.ownParties.some((p) => p.country_code.toUpperCase() === cc && p.party_id.toUpperCase() === pid);
}

function addressedParty(request: FastifyRequest, ctx: NodeContext, ownRole: OwnRole): OwnParty {
  const candidates = ownPartiesOf(ctx, ownRole);
  const to = headerPair(request, ROUTING_HEADERS.toCountryCode, ROUTING_HEADERS.toPartyId);
  if (to === undefined) {
    if (candidates.length === 1) return candidates[0]!;
    throw refuse(
      'OCPI-to-party-id',
      `OCPI-to-country-code and OCPI-to-party-id are required: this platform hosts ${candidates.length} ${ownRole} parties`,
    );
  }
  const found = candidates.find((p) => p.countryCode === to.countryCode && p.partyId === to.partyId);
  if (!found) throw refuse('OCPI-to-party-id', `${to.countryCode}/${to.partyId} is not a ${ownRole} party of this platform`);
  return found;
}

function requestingParty(request: FastifyRequest, partner: Partner): PartyKey | undefined {
  const from = headerPair(request, ROUTING_HEADERS.fromCountryCode, ROUTING_HEADERS.fromPartyId);
  if (from === undefined) return onlyPartyOf(partner);
  // A hub relays requests of the parties behind it, FROM naming the original party (T-27).
  const viaHub = partner.roles.some((r) => r.role === 'HUB');
  if (!viaHub && !partnerHasParty(partner, from.countryCode, from.partyId)) {
    throw refuse('OCPI-from-party-id', `${from.countryCode}/${from.partyId} is not a party registered by this partner`);
  }
  return from;
}

const onlyParties = new WeakMap<Partner, PartyKey | null>();

/** The partner's only registered party (several roles of one party count once); null when it has several. */
function onlyPartyOf(partner: Partner): PartyKey | undefined {
  let only = onlyParties.get(partner);
  if (only === undefined) {
    const parties = new Set(partner.roles.map((r) => `${r.country_code.toUpperCase()}/${r.party_id.toUpperCase()}`));
    const first = partner.roles[0];
    only = parties.size === 1 && first ? Object.freeze({ countryCode: first.country_code.toUpperCase(), partyId: first.party_id.toUpperCase() }) : null;
    onlyParties.set(partner, only);
  }
  return only ?? undefined;
}

const counterparts = new WeakMap<Partner, Map<OwnRole, PartyKey | null>>();

/**
 * The answer's TO when the request named no FROM and the partner hosts several parties (T-25): its
 * only party in a role other than the interface's (a CPO's interfaces are called by the eMSP side of
 * a platform hosting a CPO and an eMSP party). Only the header: what the caller may see still
 * follows `from`.
 */
function onlyCounterpartOf(partner: Partner, ownRole: OwnRole): PartyKey | undefined {
  let byRole = counterparts.get(partner);
  if (!byRole) counterparts.set(partner, (byRole = new Map()));
  let only = byRole.get(ownRole);
  if (only === undefined) {
    const parties = new Map(partner.roles.filter((r) => r.role !== ownRole).map((r) => [`${r.country_code}/${r.party_id}`.toUpperCase(), r]));
    const [first] = parties.values();
    only = parties.size === 1 && first ? Object.freeze({ countryCode: first.country_code.toUpperCase(), partyId: first.party_id.toUpperCase() }) : null;
    byRole.set(ownRole, only);
  }
  return only ?? undefined;
}

/** Both headers of a pair (upper-cased), undefined when both are absent; one without the other is refused. */
function headerPair(request: FastifyRequest, countryHeader: string, partyHeader: string): PartyKey | undefined {
  const countryCode = headerValue(request, countryHeader, 2);
  const partyId = headerValue(request, partyHeader, 3);
  if (countryCode === undefined && partyId === undefined) return undefined;
  if (countryCode === undefined) throw refuse(displayName(countryHeader), `is required together with ${displayName(partyHeader)}`);
  if (partyId === undefined) throw refuse(displayName(partyHeader), `is required together with ${displayName(countryHeader)}`);
  return { countryCode, partyId };
}

function headerValue(request: FastifyRequest, name: string, maxLength: number): string | undefined {
  const raw = request.headers[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw refuse(displayName(name), 'must be given once');
  const value = raw.trim();
  if (value === '') return undefined;
  if (value.length > maxLength || !/^[!-~]+$/.test(value)) {
    throw refuse(displayName(name), `must be a CiString of at most ${maxLength} printable ASCII characters`);
  }
  return value.toUpperCase();
}

function displayName(header: string): string {
  return header.replace(/^ocpi-(to|from)-(country-code|party-id)$/, (_m, dir: string, what: string) => `OCPI-${dir}-${what}`);
}

function refuse(header: string, problem: string): OcpiError {
  return OcpiError.notFound(`${header}: ${problem}`, OcpiStatus.INVALID_PARAMETERS);
}
