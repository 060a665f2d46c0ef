/**
 * Who receives a change: every REGISTERED partner that lists the module's RECEIVER endpoint and
 * registered a party to address it to — or, for a change that concerns one party (Sessions, CDRs:
 * the token's eMSP), only the partner that registered that party. The routing TO party is the partner's party in the
 * counterpart role (an eMSP for CPO data, a CPO for Tokens); failing that its Hub (which
 * broadcasts), failing that any party of another role than the owner's (NSP, NAP, SCSP, OTHER
 * receive Locations and Tariffs too). One row per partner connection, as the spec pushes per
 * connection, not per party.
 */
import type { Partner, PartyKey } from '../modules/credentials/partner.js';
import { partnerEndpoint, partnerHasParty, partyKey } from '../modules/credentials/partner.js';
import type { OwnParty, PushChange } from './change.js';

export interface Recipient {
  partnerId: string;
  to: PartyKey;
}

export function recipients(partners: readonly Partner[], change: Pick<PushChange, 'module' | 'owner' | 'recipient'>): Recipient[] {
  const out: Recipient[] = [];
  for (const partner of partners) {
    if (partner.status !== 'REGISTERED' || partnerEndpoint(partner, change.module, 'RECEIVER') === undefined) continue;
    const to = change.recipient ? registered(partner, change.recipient) : receivingParty(partner, change.owner.role);
    if (to) out.push({ partnerId: partner.id, to });
  }
  return out;
}

/** The one party a change concerns, when this partner registered it. */
function registered(partner: Partner, party: { countryCode: string; partyId: string }): PartyKey | undefined {
  return partnerHasParty(partner, party.countryCode, party.partyId) ? partyKey(party.countryCode, party.partyId) : undefined;
}

function receivingParty(partner: Partner, ownerRole: OwnParty['role']): PartyKey | undefined {
  const counterpart = ownerRole === 'CPO' ? 'EMSP' : 'CPO';
  const role =
    partner.roles.find((r) => r.role === counterpart) ??
    partner.roles.find((r) => r.role === 'HUB') ??
    partner.roles.find((r) => r.role !== ownerRole);
  return role && partyKey(role.country_code, role.party_id);
}
