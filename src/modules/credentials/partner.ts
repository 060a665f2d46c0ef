import type { Endpoint } from '../versions/schema.js';
import type { CredentialsRole } from './schema.js';
import type { PartnerStatus } from './tables.js';

/** A roaming partner as evroam knows it: one credentials connection. */
export interface Partner {
  id: string;
  name: string;
  status: PartnerStatus;
  versionsUrl?: string;
  version?: string;
  endpoints: Endpoint[];
  roles: CredentialsRole[];
  /** The token evroam calls the partner with (its token B or C). */
  tokenToPartner?: string;
  /** Send and accept the raw token instead of Base64 (pre-2.2.1 peers, T-03). */
  legacyPlainToken: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A (country_code, party_id) pair, upper-cased (TYP-01, PIT-21). */
export interface PartyKey {
  countryCode: string;
  partyId: string;
}

export function partyKey(countryCode: string, partyId: string): PartyKey {
  return { countryCode: countryCode.toUpperCase(), partyId: partyId.toUpperCase() };
}

/** Whether the partner registered this party (in any role, or in the given role). */
export function partnerHasParty(partner: Partner, countryCode: string, partyId: string, role?: string): boolean {
  const cc = countryCode.toUpperCase();
  const pid = partyId.toUpperCase();
  return partner.roles.some(
    (r) => r.country_code.toUpperCase() === cc && r.party_id.toUpperCase() === pid && (role === undefined || r.role === role),
  );
}

/** The partner's endpoint URL for a module and interface role, if it has one. */
export function partnerEndpoint(partner: Partner, module: string, role: 'SENDER' | 'RECEIVER'): string | undefined {
  return partner.endpoints.find((e) => e.identifier === module && e.role === role)?.url;
}
