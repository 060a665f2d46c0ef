/**
 * The CPO's own Locations as library API: the operator API and the EVerest bridge create and
 * update Locations, EVSEs and Connectors here. Every real change (PIT-08: content, not just a new
 * last_updated) is stored with last_updated bumped on the changed object and its parents (LOC-04,
 * PAG-13) and recorded as a LocationChange: the push outbox queues its PUT or PATCH inside the
 * transaction that stores it (onStore), and the change is emitted after the commit (onChange).
 */
import { ConnectorFieldsSchema, ConnectorInputSchema, EvseFieldsSchema, EvseInputSchema, LocationFieldsSchema, LocationInputSchema } from './inputs.js';
import { formatDateTime } from '../../core/datetime.js';
import { OcpiError, OcpiStatus } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import type { NodeContext } from '../module.js';
import { ChangeEmitter } from '../shared/changes.js';
import type { StoreListener } from '../shared/changes.js';
import { KEEP } from '../shared/object-store.js';
import type { ObjectStore } from '../shared/object-store.js';
import { ownPartiesOf } from '../shared/routing.js';
import { Connector, EVSE, Location } from './schema.js';
import {
  findConnector,
  findEvse,
  later,
  mergeConnector,
  mergeEvse,
  mergeLocation,
  receiverPath,
  sameContent,
  sameId,
  upsertConnector,
  upsertEvse,
} from './tree.js';
import type { LocationLevel } from './tree.js';

/** Identifies an own Location. */
export interface LocationRef {
  countryCode: string;
  partyId: string;
  locationId: string;
}

/** A Connector as the library takes it: last_updated may be left out. */
export type ConnectorInput = Omit<Connector, 'last_updated'> & { last_updated?: string };
/** An EVSE as the library takes it: last_updated (its own and its Connectors') may be left out. */
export type EvseInput = Omit<EVSE, 'last_updated' | 'connectors'> & { last_updated?: string; connectors: ConnectorInput[] };
/** A Location as the library takes it: last_updated (at every level) may be left out. */
export type LocationInput = Omit<Location, 'last_updated' | 'evses'> & { last_updated?: string; evses?: EvseInput[] | null };

/** A change to an own Location, EVSE or Connector, recorded as it is stored and emitted after. */
export interface LocationChange {
  /** PUT: `body` is the whole object at `level`; PATCH: `body` holds the changed fields and last_updated. */
  method: 'PUT' | 'PATCH';
  level: LocationLevel;
  countryCode: string;
  partyId: string;
  locationId: string;
  evseUid?: string;
  connectorId?: string;
  /** Below a Receiver's locations endpoint: `/NL/CPO/LOC1[/EVSE1[/1]]` (segments URL-encoded). */
  path: string;
  body: Location | EVSE | Connector | Record<string, unknown>;
  /** The whole Location after the change. */
  location: Location;
}

/** Fields of a Location, EVSE or Connector to change; identifiers cannot be changed. */
export type Fields = Record<string, unknown>;

export class OwnLocations {
  /** Changes to own Locations; subscribe with `onChange`. */
  readonly changes: ChangeEmitter<LocationChange>;

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: ObjectStore<Location>,
  ) {
    this.changes = new ChangeEmitter(ctx.logger);
  }

  /** Subscribes to changes once committed; returns the unsubscribe function. */
  onChange(listener: (change: LocationChange) => void | Promise<void>): () => void {
    return this.changes.on(listener);
  }

  /** Subscribes inside the transaction that stores each change (the push outbox); returns the unsubscribe function. */
  onStore(listener: StoreListener<LocationChange>): () => void {
    return this.changes.onStore(listener);
  }

  async get(ref: LocationRef): Promise<Location | undefined> {
    return (await this.store.get(true, this.key(ref)))?.object;
  }

  /** Every own Location of every own CPO party, oldest first. */
  async list(): Promise<Location[]> {
    return this.store.list({ own: true, parties: ownPartiesOf(this.ctx, 'CPO') });
  }

  /**
   * Creates or replaces a Location. Missing last_updated values are filled: an EVSE or Connector
   * whose content did not change keeps its stored last_updated, everything else gets now.
   */
  async putLocation(input: LocationInput): Promise<Location> {
    validateOrThrow(LocationInputSchema, input, 'Location');
    const stamp = input.last_updated ?? now();
    const candidate = structuredClone(input) as Location;
    candidate.country_code = candidate.country_code?.toUpperCase();
    candidate.party_id = candidate.party_id?.toUpperCase();
    const ref = { countryCode: candidate.country_code, partyId: candidate.party_id, locationId: String(candidate.id) };
    this.checkOwner(ref);
    return this.write(ref, (current) => {
      const next = fillLocation(candidate, current, stamp);
      validateOrThrow(Location, next, 'Location');
      if (current && sameContent(current, next)) return KEEP;
      return changeAt('PUT', 'location', next, next);
    });
  }

  /**
   * Changes fields of a Location. Nested `evses` merge by uid (PIT-12); such a change is pushed as
   * a PUT of the Location, since receivers differ on nested PATCH lists.
   */
  async patchLocation(ref: LocationRef, fields: Fields): Promise<Location> {
    this.checkOwner(ref);
    validateOrThrow(LocationFieldsSchema, fields, 'Location');
    this.checkIds(fields, { country_code: ref.countryCode, party_id: ref.partyId, id: ref.locationId });
    const patch = { ...fields, last_updated: (fields.last_updated as string | undefined) ?? now() };
    return this.write(ref, (current) => {
      if (!current) throw unknownLocation(ref.locationId);
      const next = validateOrThrow(Location, mergeLocation(current, patch), 'Location');
      if (sameContent(current, next)) return KEEP;
      return fields.evses !== undefined ? changeAt('PUT', 'location', next, next) : changeAt('PATCH', 'location', next, patch);
    });
  }

  /** Creates or replaces an EVSE of an existing Location; the Location's last_updated follows. */
  async putEvse(ref: LocationRef, input: EvseInput): Promise<EVSE> {
    this.checkOwner(ref);
    validateOrThrow(EvseInputSchema, input, 'EVSE');
    const stamp = input.last_updated ?? now();
    const location = await this.write(ref, (current) => {
      if (!current) throw unknownLocation(ref.locationId);
      const before = findEvse(current, input.uid);
      const evse = fillEvse(structuredClone(input) as EVSE, before, stamp);
      validateOrThrow(EVSE, evse, 'EVSE');
      if (before && sameContent(before, evse)) return KEEP;
      upsertEvse(current, evse);
      current.last_updated = later(current.last_updated, evse.last_updated);
      return changeAt('PUT', 'evse', current, evse, evse.uid);
    });
    return findEvse(location, input.uid)!;
  }

  /** Changes fields of an EVSE (e.g. its status); the Location's last_updated follows a real change. */
  async patchEvse(ref: LocationRef, evseUid: string, fields: Fields): Promise<EVSE> {
    this.checkOwner(ref);
    validateOrThrow(EvseFieldsSchema, fields, 'EVSE');
    this.checkIds(fields, { uid: evseUid });
    const patch = { ...fields, last_updated: (fields.last_updated as string | undefined) ?? now() };
    const location = await this.write(ref, (current) => {
      if (!current) throw unknownLocation(ref.locationId);
      const before = findEvse(current, evseUid);
      if (!before) throw unknown('EVSE', evseUid);
      const evse = validateOrThrow(EVSE, mergeEvse(before, patch, patch.last_updated), 'EVSE');
      if (sameContent(before, evse)) return KEEP;
      upsertEvse(current, evse);
      current.last_updated = later(current.last_updated, evse.last_updated);
      // Nested connector lists are pushed whole (PUT), as receivers differ on PATCH lists (PIT-12).
      return fields.connectors !== undefined ? changeAt('PUT', 'evse', current, evse, evse.uid) : changeAt('PATCH', 'evse', current, patch, evse.uid);
    });
    return findEvse(location, evseUid)!;
  }

  /** Creates or replaces a Connector of an existing EVSE; the EVSE's and Location's last_updated follow. */
  async putConnector(ref: LocationRef, evseUid: string, input: ConnectorInput): Promise<Connector> {
    this.checkOwner(ref);
    validateOrThrow(ConnectorInputSchema, input, 'Connector');
    const stamp = input.last_updated ?? now();
    const location = await this.write(ref, (current) => {
      if (!current) throw unknownLocation(ref.locationId);
      const evse = findEvse(current, evseUid);
      if (!evse) throw unknown('EVSE', evseUid);
      const before = findConnector(evse, input.id);
      const connector = { ...structuredClone(input), last_updated: stamp } as Connector;
      if (before && input.last_updated === undefined && sameContent(before, connector)) connector.last_updated = before.last_updated;
      validateOrThrow(Connector, connector, 'Connector');
      if (before && sameContent(before, connector)) return KEEP;
      upsertConnector(evse, connector);
      evse.last_updated = later(evse.last_updated, connector.last_updated);
      current.last_updated = later(current.last_updated, connector.last_updated);
      return changeAt('PUT', 'connector', current, connector, evse.uid, connector.id);
    });
    return findConnector(findEvse(location, evseUid)!, input.id)!;
  }

  /** Changes fields of a Connector; the EVSE's and Location's last_updated follow a real change. */
  async patchConnector(ref: LocationRef, evseUid: string, connectorId: string, fields: Fields): Promise<Connector> {
    this.checkOwner(ref);
    validateOrThrow(ConnectorFieldsSchema, fields, 'Connector');
    this.checkIds(fields, { id: connectorId });
    const patch = { ...fields, last_updated: (fields.last_updated as string | undefined) ?? now() };
    const location = await this.write(ref, (current) => {
      if (!current) throw unknownLocation(ref.locationId);
      const evse = findEvse(current, evseUid);
      if (!evse) throw unknown('EVSE', evseUid);
      const before = findConnector(evse, connectorId);
      if (!before) throw unknown('Connector', connectorId);
      const connector = validateOrThrow(Connector, mergeConnector(before, patch, patch.last_updated), 'Connector');
      if (sameContent(before, connector)) return KEEP;
      upsertConnector(evse, connector);
      evse.last_updated = later(evse.last_updated, connector.last_updated);
      current.last_updated = later(current.last_updated, connector.last_updated);
      return changeAt('PATCH', 'connector', current, patch, evse.uid, connector.id);
    });
    return findConnector(findEvse(location, evseUid)!, connectorId)!;
  }

  /** Removes an EVSE the OCPI way: status REMOVED (LOC-11); EVSEs are never deleted. */
  async removeEvse(ref: LocationRef, evseUid: string): Promise<EVSE> {
    return this.patchEvse(ref, evseUid, { status: 'REMOVED' });
  }

  /**
   * Removes a Location the OCPI way: every EVSE REMOVED (LOC-11), pushed as a PUT of the Location.
   * It then leaves the full Sender list (no valid EVSEs, LOC-01).
   */
  async removeLocation(ref: LocationRef): Promise<Location> {
    const current = await this.get(ref);
    if (!current) throw unknownLocation(ref.locationId);
    const stamp = now();
    const evses = (current.evses ?? []).map((e) => (e.status === 'REMOVED' ? e : { ...e, status: 'REMOVED' as const, last_updated: stamp }));
    return this.putLocation({ ...current, evses, last_updated: stamp });
  }

  /** Removes a Connector from its EVSE (the EVSE is pushed whole); an EVSE keeps at least one. */
  async removeConnector(ref: LocationRef, evseUid: string, connectorId: string): Promise<EVSE> {
    const location = await this.get(ref);
    if (!location) throw unknownLocation(ref.locationId);
    const evse = findEvse(location, evseUid);
    if (!evse) throw unknown('EVSE', evseUid);
    if (!findConnector(evse, connectorId)) throw unknown('Connector', connectorId);
    const connectors = evse.connectors.filter((c) => !sameId(c.id, connectorId));
    if (connectors.length === 0) throw OcpiError.invalid('connectors: an EVSE keeps at least one Connector; set the EVSE REMOVED instead');
    const { last_updated: _drop, ...rest } = evse;
    return this.putEvse(ref, { ...rest, connectors });
  }

  private key(ref: LocationRef) {
    return { countryCode: ref.countryCode, partyId: ref.partyId, id: ref.locationId };
  }

  private checkOwner(ref: LocationRef): void {
    const cc = String(ref.countryCode ?? '').toUpperCase();
    const pid = String(ref.partyId ?? '').toUpperCase();
    if (!ownPartiesOf(this.ctx, 'CPO').some((p) => p.countryCode === cc && p.partyId === pid)) {
      throw OcpiError.invalid(`country_code/party_id: ${cc}/${pid} is not an own CPO party of this node`);
    }
  }

  private checkIds(fields: Fields, ids: Record<string, string>): void {
    for (const [field, value] of Object.entries(ids)) {
      if (fields[field] !== undefined && !(typeof fields[field] === 'string' && sameId(fields[field] as string, value))) {
        throw OcpiError.invalid(`${field}: cannot be changed (is ${value})`);
      }
    }
  }

  /**
   * Read-modify-write of one own Location: `apply` returns the change (with the whole Location after
   * it), or KEEP. The change is recorded in the write's transaction and emitted after the commit.
   */
  private async write(ref: LocationRef, apply: (current: Location | undefined) => LocationChange | typeof KEEP): Promise<Location> {
    let pending: LocationChange | undefined;
    const result = await this.changes.write((record) =>
      this.store.modify(
        { own: true },
        this.key(ref),
        (current) => {
          const next = apply(current);
          if (next === KEEP) return KEEP;
          pending = next;
          return next.location;
        },
        (trx) => record(trx, pending!),
      ),
    );
    // Every caller refuses an absent Location or stores one: there is a result.
    return result!.after;
  }
}

/** The change of `location` at one level, as receivers get it below their locations endpoint. */
function changeAt(
  method: 'PUT' | 'PATCH',
  level: LocationLevel,
  location: Location,
  body: LocationChange['body'],
  evseUid?: string,
  connectorId?: string,
): LocationChange {
  const change: LocationChange = {
    method,
    level,
    countryCode: location.country_code,
    partyId: location.party_id,
    locationId: location.id,
    path: receiverPath(location.country_code, location.party_id, location.id, evseUid, connectorId),
    body,
    location,
  };
  if (evseUid !== undefined) change.evseUid = evseUid;
  if (connectorId !== undefined) change.connectorId = connectorId;
  return change;
}

/** Fills missing last_updated values: unchanged children keep their stored value, the rest get `stamp`. */
function fillLocation(candidate: Location, current: Location | undefined, stamp: string): Location {
  const next = structuredClone(candidate);
  next.last_updated ??= stamp;
  if (next.evses) next.evses = next.evses.map((e) => fillEvse(e, current && findEvse(current, e.uid), stamp));
  return next;
}

function fillEvse(evse: EVSE, before: EVSE | undefined, stamp: string): EVSE {
  if (Array.isArray(evse.connectors)) {
    for (const c of evse.connectors) {
      if (c.last_updated !== undefined) continue;
      const old = before && findConnector(before, c.id);
      c.last_updated = old && sameContent(old, c) ? old.last_updated : stamp;
    }
  }
  if (evse.last_updated === undefined) evse.last_updated = before && sameContent(before, evse) ? before.last_updated : stamp;
  return evse;
}

export function unknownLocation(id: string): OcpiError {
  return OcpiError.notFound(`Unknown Location ${id}`, OcpiStatus.UNKNOWN_LOCATION);
}

function unknown(what: string, id: string): OcpiError {
  return OcpiError.notFound(`Unknown ${what} ${id}`, OcpiStatus.INVALID_PARAMETERS);
}

function now(): string {
  return formatDateTime(new Date());
}
