/**
 * Real-time authorization decisions of the eMSP (TOK-09..TOK-14, PIT-07). The decision itself is
 * pluggable: evroam knows the stored Token, the application knows credit, contracts and which
 * locations a driver may use. Whatever the decision, the answer is built here, so the rules of
 * the AuthorizationInfo object hold for every policy.
 */
import { randomUUID } from 'node:crypto';
import type { DisplayText } from '../../core/types.js';
import type { AllowedType, LocationReferences, Token } from './schema.js';

/** What a policy decides for one authorization request. */
export interface AuthorizationDecision {
  allowed: AllowedType;
  /**
   * The EVSEs of the requested location the driver may use (TOK-10). Left out: the request's
   * LocationReferences as they were. Only ever returned when `allowed` is ALLOWED.
   */
  evseUids?: string[];
  /** Repeated by the CPO in the Session and CDR (SES-11). Left out: evroam makes one for ALLOWED. */
  authorizationReference?: string | null;
  info?: DisplayText;
}

/**
 * The policy cannot decide without LocationReferences, and the request carried none: the answer is
 * OCPI status 2002 (TOK-12, ST-07).
 */
export const NOT_ENOUGH_INFORMATION = 'NOT_ENOUGH_INFORMATION' as const;

export type AuthorizationPolicy = (
  token: Token,
  location: LocationReferences | undefined,
) => AuthorizationDecision | typeof NOT_ENOUGH_INFORMATION | Promise<AuthorizationDecision | typeof NOT_ENOUGH_INFORMATION>;

/**
 * Without an application policy: a valid token may charge anywhere, an invalidated one (TOK-06) is
 * BLOCKED. Opening hours and EVSE status are never consulted (TOK-13).
 */
export const defaultAuthorizationPolicy: AuthorizationPolicy = (token) => ({ allowed: token.valid ? 'ALLOWED' : 'BLOCKED' });

/**
 * The AuthorizationInfo `data` as JSON text around the stored Token text, so the complete Token
 * (TOK-18) is sent exactly as stored without re-serializing it.
 */
export function authorizationInfoJson(tokenJson: string, decision: AuthorizationDecision, location: LocationReferences | undefined): string {
  const parts = [`"allowed":${JSON.stringify(decision.allowed)}`, `"token":${tokenJson}`];
  const allowedHere = decision.allowed === 'ALLOWED';
  // AuthorizationInfo.location: only "if the EV driver is allowed to charge at that location".
  if (location !== undefined && allowedHere) parts.push(`"location":${JSON.stringify(grantedLocation(location, decision))}`);
  const reference = decision.authorizationReference === undefined ? (allowedHere ? newAuthorizationReference() : null) : decision.authorizationReference;
  if (reference !== null) parts.push(`"authorization_reference":${JSON.stringify(reference)}`);
  if (decision.info !== undefined) parts.push(`"info":${JSON.stringify(decision.info)}`);
  return `{${parts.join(',')}}`;
}

function grantedLocation(requested: LocationReferences, decision: AuthorizationDecision): LocationReferences {
  const granted: LocationReferences = { location_id: requested.location_id };
  const evseUids = decision.evseUids ?? requested.evse_uids ?? undefined;
  if (evseUids !== undefined && evseUids !== null) granted.evse_uids = evseUids;
  return granted;
}

/** A CiString(36) unique per authorization. */
export function newAuthorizationReference(): string {
  return randomUUID();
}
