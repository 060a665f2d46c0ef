/**
 * What a module hands the outbox when one of its own objects changed (ROLE-02, ROLE-04): which
 * module, which request the receivers should get, and the object's owner. The outbox turns it into
 * one row per registered partner that has the module's RECEIVER endpoint.
 */
import type { PushMethod } from './tables.js';

export type PushModule = 'locations' | 'sessions' | 'cdrs' | 'tariffs' | 'tokens';

/** The requests each module pushes to receivers; anything else is a programming error. */
const ALLOWED: Record<PushModule, readonly PushMethod[]> = {
  locations: ['PUT', 'PATCH'],
  sessions: ['PUT', 'PATCH'],
  cdrs: ['POST'],
  tariffs: ['PUT', 'DELETE'],
  tokens: ['PUT', 'PATCH'],
};

/** Modules whose objects concern one eMSP (the token owner) and must never be broadcast. */
const PER_TOKEN_OWNER: ReadonlySet<PushModule> = new Set(['sessions', 'cdrs']);

export interface OwnParty {
  /** The owner's role decides the receiving party at the partner (CPO data goes to eMSPs, Tokens to CPOs). */
  role: 'CPO' | 'EMSP';
  countryCode: string;
  partyId: string;
}

export interface PushChange {
  module: PushModule;
  method: PushMethod;
  /**
   * Relative to the partner's RECEIVER endpoint: `/NL/CPO/LOC1/EVSE1` for an EVSE, '' for a CDR
   * POST. Joined with the partner's endpoint when sent, so a credentials PUT that moves the
   * endpoint is honoured for changes already queued.
   */
  path: string;
  /** The request body: an object, or JSON text as stored. Absent for DELETE. */
  body?: object | string;
  /**
   * Changes with the same key are delivered strictly in the order they were enqueued, and a PUT
   * supersedes the older undelivered rows of its key whose path is the PUT's path or lies below
   * it. Use one key per top-level object: `locations/NL/CPO/LOC1` for the Location and all its
   * EVSEs and Connectors (a Location PUT then replaces queued EVSE PATCHes; an EVSE PUT replaces
   * only that EVSE's), `sessions/NL/CPO/S1`, `cdrs/NL/CPO/CDR1`, `tariffs/NL/CPO/T1`,
   * `tokens/DE/MSP/RFID/0123`.
   */
  objectKey: string;
  owner: OwnParty;
  /**
   * The one party the change concerns: only the partner that registered it receives the change,
   * addressed to it (routing TO). Required for Sessions and CDRs, which go to the eMSP owning the
   * token (`cdr_token.country_code/party_id`) and are never broadcast (SES-07, CDR-06).
   */
  recipient?: { countryCode: string; partyId: string };
  /** The X-Correlation-ID of the request that caused the change (T-22); a new one when absent. */
  correlationId?: string;
}

export function checkChange(change: PushChange): void {
  const allowed = ALLOWED[change.module];
  if (!allowed) throw new Error(`push: module ${String(change.module)} is not pushed to receivers`);
  if (!allowed.includes(change.method)) throw new Error(`push: ${change.module} receivers take ${allowed.join('/')}, not ${change.method}`);
  if (change.path !== '' && !change.path.startsWith('/')) throw new Error(`push: path "${change.path}" must be empty or start with /`);
  if (change.method === 'DELETE' ? change.body !== undefined : change.body === undefined) {
    throw new Error(`push: ${change.method} ${change.method === 'DELETE' ? 'takes no' : 'needs a'} body`);
  }
  if (change.objectKey === '') throw new Error('push: objectKey must not be empty');
  if (PER_TOKEN_OWNER.has(change.module) && change.recipient === undefined) {
    throw new Error(`push: ${change.module} go to the token's eMSP only (SES-07, CDR-06): set recipient`);
  }
}

/**
 * The object key of a top-level object (`locations/NL/CPO/LOC1`). Ids are CiStrings, compared
 * case-insensitively (PIT-21), so the key is upper-cased: `loc1` and `LOC1` are one object.
 * For Tokens pass `${uid}/${type}`: a uid is unique per type only.
 */
export function pushObjectKey(module: PushModule, countryCode: string, partyId: string, id: string): string {
  return `${module}/${`${countryCode}/${partyId}/${id}`.toUpperCase()}`;
}
