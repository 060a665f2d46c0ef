/**
 * Feeds the outbox from the modules' own-object changes: each own-object service the modules
 * publish on NodeContext.services hands its store listeners every change inside the transaction
 * that stores it, and every change becomes one `enqueue` in that transaction — the change and its
 * pushes commit together or not at all. After the commit, the change event wakes the dispatcher.
 * This is the only subscriber that pushes; modules do not call `enqueue` for these changes
 * themselves (that would send every change twice).
 *
 * The sources are described by shape, not by class: a module that is not part of this build (or
 * not played by this node's roles) is simply absent, and when it is present the compiler checks
 * that its events fit.
 */
import type { Transaction } from 'kysely';
import type { LocationChange } from '../modules/locations/own.js';
import type { NodeContext } from '../modules/module.js';
import type { Session } from '../modules/sessions/schema.js';
import type { OwnChange } from '../modules/shared/own-objects.js';
import type { TariffChange } from '../modules/tariffs/index.js';
import type { Token } from '../modules/tokens/schema.js';
import type { Database } from '../storage/tables.js';
import { pushObjectKey } from './change.js';
import type { PushChange } from './change.js';

/** An own-object service: listeners inside the storing transaction, and after the commit. */
interface Source<C> {
  onStore(listener: (change: C, trx: Transaction<Database>) => Promise<void>): () => void;
  onChange(listener: (change: C) => void | Promise<void>): () => void;
}

/** What a CDR event needs to be routed: the CDR's owner and its token's eMSP (CDR-06). */
export interface CdrCreatedLike {
  method: 'POST';
  object: { country_code: string; party_id: string; id: string; cdr_token: { country_code: string; party_id: string } };
}

export interface PushSources {
  locations?: { cpo?: Source<LocationChange> | undefined };
  tariffs?: { cpo?: Source<TariffChange> | undefined };
  sessions?: { cpo?: Source<OwnChange<Session>> | undefined };
  cdrs?: { cpo?: Source<CdrCreatedLike> | undefined };
  tokens?: { emsp?: Source<OwnChange<Token>> | undefined };
}

const cpo = (countryCode: string, partyId: string) => ({ role: 'CPO' as const, countryCode, partyId });
const segment = encodeURIComponent;

export function locationPush(c: LocationChange): PushChange {
  return {
    module: 'locations',
    method: c.method,
    path: c.path,
    body: c.body,
    // One key per Location: EVSE and Connector changes stay in order with the Location's (docs/push.md).
    objectKey: pushObjectKey('locations', c.countryCode, c.partyId, c.locationId),
    owner: cpo(c.countryCode, c.partyId),
  };
}

export function tariffPush(c: TariffChange): PushChange {
  const t = c.tariff;
  const change: PushChange = {
    module: 'tariffs',
    method: c.method,
    path: c.path,
    objectKey: pushObjectKey('tariffs', t.country_code, t.party_id, t.id),
    owner: cpo(t.country_code, t.party_id),
  };
  if (c.method === 'PUT') change.body = t;
  return change;
}

/** SES-07: to the token's eMSP only; PUT the whole Session, PATCH the changed fields. Sessions are never deleted. */
export function sessionPush(c: OwnChange<Session>): PushChange | undefined {
  if (c.method === 'DELETE') return undefined;
  const s = c.object;
  return {
    module: 'sessions',
    method: c.method,
    path: `/${segment(s.country_code)}/${segment(s.party_id)}/${segment(s.id)}`,
    body: c.method === 'PATCH' ? (c.patch ?? {}) : s,
    objectKey: pushObjectKey('sessions', s.country_code, s.party_id, s.id),
    owner: cpo(s.country_code, s.party_id),
    recipient: { countryCode: s.cdr_token.country_code, partyId: s.cdr_token.party_id },
  };
}

/** CDR-06: POSTed once, to the token's eMSP only. */
export function cdrPush(c: CdrCreatedLike): PushChange {
  const cdr = c.object;
  return {
    module: 'cdrs',
    method: 'POST',
    path: '',
    body: cdr,
    objectKey: pushObjectKey('cdrs', cdr.country_code, cdr.party_id, cdr.id),
    owner: cpo(cdr.country_code, cdr.party_id),
    recipient: { countryCode: cdr.cdr_token.country_code, partyId: cdr.cdr_token.party_id },
  };
}

/** ROLE-04: to every CPO. A token is made invalid (valid=false), never deleted at the receiver. */
export function tokenPush(c: OwnChange<Token>): PushChange | undefined {
  if (c.method === 'DELETE') return undefined;
  const t = c.object;
  return {
    module: 'tokens',
    method: c.method,
    // The type is part of a token's identity (PIT-17); the receiver defaults to RFID without it.
    path: `/${segment(t.country_code)}/${segment(t.party_id)}/${segment(t.uid)}?type=${segment(t.type)}`,
    body: c.method === 'PATCH' ? (c.patch ?? {}) : t,
    objectKey: pushObjectKey('tokens', t.country_code, t.party_id, `${t.uid}/${t.type}`),
    owner: { role: 'EMSP', countryCode: t.country_code, partyId: t.party_id },
  };
}

const connected = new WeakSet<NodeContext>();

/**
 * Subscribes the outbox to every change source this node has. Called once the modules are
 * registered (after the module loop of EvroamNode.mount); the subscriptions end when the node
 * closes. A failed enqueue fails the change: its transaction rolls back and the library call
 * rejects, so a change is never stored without its pushes.
 */
export function connectPush(ctx: NodeContext): void {
  // Once per node: a second subscription would push every change twice.
  if (connected.has(ctx)) return;
  connected.add(ctx);
  const sources: PushSources = ctx.services;
  const unsubscribe: Array<() => void> = [];
  const feed = <C>(source: Source<C> | undefined, toPush: (change: C) => PushChange | undefined) => {
    if (!source) return;
    unsubscribe.push(
      // After the object was written: on PostgreSQL its row lock orders the outbox ids of concurrent changes.
      source.onStore(async (change, trx) => {
        const push = toPush(change);
        if (push) await ctx.push.enqueue(push, trx);
      }),
      // The rows committed with the change: deliver them now rather than at the next poll.
      source.onChange(() => ctx.push.wake()),
    );
  };
  feed(sources.locations?.cpo, locationPush);
  feed(sources.tariffs?.cpo, tariffPush);
  feed(sources.sessions?.cpo, sessionPush);
  feed(sources.cdrs?.cpo, cdrPush);
  feed(sources.tokens?.emsp, tokenPush);
  ctx.onClose(() => unsubscribe.forEach((u) => u()));
}
