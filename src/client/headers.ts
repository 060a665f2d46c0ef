import { randomUUID } from 'node:crypto';
import { encodeAuthorization } from '../core/auth-header.js';

/** A (country_code, party_id) pair as used in the routing headers. */
export interface Party {
  countryCode: string;
  partyId: string;
}

export interface Routing {
  /** The requesting party: evroam's own party (T-25). */
  from: Party;
  /** The receiving party at the partner. */
  to: Party;
}

/**
 * Modules whose requests carry the routing headers (T-23). Everything else — credentials, versions,
 * hubclientinfo and any custom module — carries none (T-24).
 */
const FUNCTIONAL_MODULES: ReadonlySet<string> = new Set([
  'locations',
  'sessions',
  'cdrs',
  'tariffs',
  'tokens',
  'commands',
  'chargingprofiles',
]);

export function usesRouting(module: string): boolean {
  return FUNCTIONAL_MODULES.has(module);
}

/** PIT-21: CiStrings compare case-insensitively; evroam emits them upper case. */
export function routingHeaders(routing: Routing): Record<string, string> {
  return {
    'OCPI-from-country-code': routing.from.countryCode.toUpperCase(),
    'OCPI-from-party-id': routing.from.partyId.toUpperCase(),
    'OCPI-to-country-code': routing.to.countryCode.toUpperCase(),
    'OCPI-to-party-id': routing.to.partyId.toUpperCase(),
  };
}

export function authorizationHeader(token: string, legacyPlainToken: boolean): string {
  return encodeAuthorization(token, legacyPlainToken);
}

/** T-20: UUIDs, as the spec advises. */
export function newMessageId(): string {
  return randomUUID();
}
