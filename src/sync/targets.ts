/**
 * What this node pulls (ROLE-02, ROLE-04) and where each pulled object goes: the Receiver side of
 * its module, the same storage and ownership check a partner's PUT/POST goes through, so an object
 * arrives alike by push or by pull (change events included).
 */
import type { TSchema } from '@sinclair/typebox';
import { CDR } from '../modules/cdrs/schema.js';
import { cdrStore } from '../modules/cdrs/store.js';
import { locationsService } from '../modules/locations/index.js';
import { Location } from '../modules/locations/schema.js';
import type { NodeContext } from '../modules/module.js';
import { Session } from '../modules/sessions/schema.js';
import type { ObjectKey, ObjectStore } from '../modules/shared/object-store.js';
import type { ClientOwnedObjects, PartyObject } from '../modules/shared/receiver.js';
import type { FunctionalCall } from '../modules/shared/routing.js';
import { Tariff } from '../modules/tariffs/schema.js';
import { Token } from '../modules/tokens/schema.js';
import { DEFAULT_TOKEN_TYPE } from '../modules/tokens/store.js';
import type { OwnRole } from '../modules/versions/interfaces.js';

export const PULL_MODULES = ['locations', 'sessions', 'cdrs', 'tariffs', 'tokens'] as const;
export type PullModule = (typeof PULL_MODULES)[number];

/** One module this node can pull, bound to the node's Receiver service of that module. */
export interface PullTarget {
  module: PullModule;
  /** The role this node pulls in (the Receiver's own role) and the role of the objects' owners. */
  pullerRole: OwnRole;
  ownerRole: OwnRole;
  /** Every object of the list is validated against it; invalid ones are skipped (T-15). */
  schema: TSchema;
  /**
   * The list is the same whichever own party asks (Locations, Tariffs), so one of them asks.
   * Sessions, CDRs and Tokens may be shown per requesting party, so each own party asks.
   */
  samePerRequester: boolean;
  /** The identity of a listed object, valid or not; undefined when it cannot be read. */
  keyOf(object: unknown): ObjectKey | undefined;
  /** Stores a valid object as received from `call.partner`; throws OcpiError when the Receiver refuses it. */
  put(call: FunctionalCall, object: PartyObject): Promise<unknown>;
  /** The module's object store, for the partner's stored objects (PAG-14). */
  objects: ObjectStore<object>;
  /** Removes a stored object a full list no longer holds; only where the spec lets objects go (docs/sync.md). */
  remove?(call: FunctionalCall, key: ObjectKey): Promise<unknown>;
}

/** How a module's objects are told apart, and who lists them to whom. */
interface Kind {
  module: PullModule;
  pullerRole: OwnRole;
  ownerRole: OwnRole;
  schema: TSchema;
  /** The body field the Receiver URL's {object_id} is (`id`, `uid`). */
  idField: string;
  samePerRequester: boolean;
  /** A second identity component (Tokens: `type`, default RFID, PIT-17). */
  variant?: { field: string; default: string };
}

const TARIFFS: Kind = { module: 'tariffs', pullerRole: 'EMSP', ownerRole: 'CPO', schema: Tariff, idField: 'id', samePerRequester: true };
const LOCATIONS: Kind = { module: 'locations', pullerRole: 'EMSP', ownerRole: 'CPO', schema: Location, idField: 'id', samePerRequester: true };
const SESSIONS: Kind = { module: 'sessions', pullerRole: 'EMSP', ownerRole: 'CPO', schema: Session, idField: 'id', samePerRequester: false };
const CDRS: Kind = { module: 'cdrs', pullerRole: 'EMSP', ownerRole: 'CPO', schema: CDR, idField: 'id', samePerRequester: false };
const TOKENS: Kind = {
  module: 'tokens',
  pullerRole: 'CPO',
  ownerRole: 'EMSP',
  schema: Token,
  idField: 'uid',
  samePerRequester: false,
  variant: { field: 'type', default: DEFAULT_TOKEN_TYPE },
};

/**
 * The modules this node pulls, in the order a sync of `all` runs them (Tariffs before the
 * Locations whose connectors name them). Only modules whose Receiver the node serves.
 */
export function pullTargets(ctx: NodeContext): PullTarget[] {
  const { locations, tariffs, sessions, cdrs, tokens } = ctx.services;
  const targets: PullTarget[] = [];
  // Tariffs are the one kind a CPO deletes (TAR-04), so the one kind a full list may remove (PAG-14).
  if (tariffs?.emsp) targets.push({ ...clientOwned(TARIFFS, tariffs.emsp), remove: removal(TARIFFS, tariffs.emsp) });
  if (locations?.emsp) {
    const received = locations.emsp;
    targets.push({
      ...described(LOCATIONS),
      put: (call, location) => received.put(call, { ...owner(location), location_id: (location as Location).id }, location),
      objects: locationsService(ctx).store as ObjectStore<object>,
    });
  }
  if (sessions?.emsp) targets.push(clientOwned(SESSIONS, sessions.emsp.received));
  if (cdrs?.emsp) {
    const received = cdrs.emsp;
    // A CDR arrives by POST at the Receiver (CDR-03) and is stored once (CDR-01).
    targets.push({ ...described(CDRS), put: (call, cdr) => received.receive(call, cdr), objects: cdrStore(ctx) as ObjectStore<object> });
  }
  if (tokens?.cpo) targets.push(clientOwned(TOKENS, tokens.cpo.received));
  return targets;
}

/** A module whose Receiver is the shared ClientOwnedObjects (PUT of `/{country_code}/{party_id}/{object_id}`). */
function clientOwned<T extends PartyObject>(kind: Kind, receiver: ClientOwnedObjects<T>): PullTarget {
  return {
    ...described(kind),
    put: (call, object) => {
      const id = String((object as unknown as Record<string, unknown>)[kind.idField]);
      return receiver.put(call, { ...owner(object), object_id: id }, object, variantQuery(kind, object));
    },
    objects: receiver.options.store as unknown as ObjectStore<object>,
  };
}

function removal<T extends PartyObject>(kind: Kind, receiver: ClientOwnedObjects<T>): PullTarget['remove'] {
  return (call, key) => receiver.delete(call, { country_code: key.countryCode, party_id: key.partyId, object_id: key.id }, variantQuery(kind, key));
}

function variantQuery(kind: Kind, source: object): Record<string, unknown> | undefined {
  if (!kind.variant) return undefined;
  const value = (source as Record<string, unknown>)[kind.variant.field] ?? (source as ObjectKey).variant;
  return { [kind.variant.field]: value };
}

function described(kind: Kind): Pick<PullTarget, 'module' | 'pullerRole' | 'ownerRole' | 'schema' | 'samePerRequester' | 'keyOf'> {
  const { module, pullerRole, ownerRole, schema, samePerRequester } = kind;
  return { module, pullerRole, ownerRole, schema, samePerRequester, keyOf: (object) => objectKey(kind, object) };
}

/** The stored identity of a listed object (upper-cased, as the store keeps it), when its fields can be read. */
function objectKey(kind: Kind, object: unknown): ObjectKey | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const record = object as Record<string, unknown>;
  const [countryCode, partyId, id] = [record.country_code, record.party_id, record[kind.idField]];
  if (typeof countryCode !== 'string' || typeof partyId !== 'string' || typeof id !== 'string') return undefined;
  const key: ObjectKey = { countryCode: countryCode.toUpperCase(), partyId: partyId.toUpperCase(), id: id.toUpperCase() };
  if (kind.variant) {
    const variant = record[kind.variant.field] ?? kind.variant.default;
    if (typeof variant !== 'string') return undefined;
    key.variant = variant.toUpperCase();
  }
  return key;
}

function owner(object: PartyObject): { country_code: string; party_id: string } {
  return { country_code: object.country_code, party_id: object.party_id };
}
