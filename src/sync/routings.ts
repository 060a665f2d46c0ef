/**
 * Who asks whom for a list. An evroam Sender lists only the objects of the party its OCPI-to-*
 * headers address, so a pull crawls once per partner party owning the module's objects.
 */
import type { Routing } from '../client/headers.js';
import type { Partner, PartyKey } from '../modules/credentials/partner.js';
import { partyKey } from '../modules/credentials/partner.js';
import type { NodeContext } from '../modules/module.js';
import type { OwnParty } from '../modules/shared/routing.js';
import { ownPartiesOf } from '../modules/shared/routing.js';
import type { PullTarget } from './targets.js';

/**
 * The (FROM own party, TO partner party) pairs to list with: the partner's parties in the owner
 * role (else its hub party), each asked by one own party of the puller role, or by each of them
 * when the list may differ per requester.
 */
export function crawlRoutings(ctx: NodeContext, partner: Partner, target: PullTarget): Routing[] {
  const own: readonly OwnParty[] = ownPartiesOf(ctx, target.pullerRole);
  const requesters = target.samePerRequester ? own.slice(0, 1) : own;
  const owners = partner.roles.filter((r) => r.role === target.ownerRole);
  const listed = owners.length > 0 ? owners : partner.roles.filter((r) => r.role === 'HUB');
  const parties = unique(listed.map((r) => partyKey(r.country_code, r.party_id)));
  return requesters.flatMap((from) => parties.map((to) => ({ from: { countryCode: from.countryCode, partyId: from.partyId }, to })));
}

function unique(parties: PartyKey[]): PartyKey[] {
  return [...new Map(parties.map((p) => [`${p.countryCode}/${p.partyId}`, p])).values()];
}
