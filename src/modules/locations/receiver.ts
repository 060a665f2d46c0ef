/**
 * The eMSP's Receiver interface for Locations (LOC-05..LOC-10): GET, PUT and PATCH of a
 * Location, EVSE or Connector under `/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]`.
 * The URL party must be a CPO party the caller registered (T-29); the body must agree with the URL
 * (T-30); a child's change sets its parents' last_updated (LOC-08, PIT-08) — only when something
 * actually changed.
 */
import { OcpiError, OcpiStatus } from '../../core/status.js';
import { validateOrThrow } from '../../core/validation.js';
import type { NodeContext } from '../module.js';
import { ChangeEmitter } from '../shared/changes.js';
import type { KEEP } from '../shared/object-store.js';
import type { ListFilter, ObjectKey, ObjectStore } from '../shared/object-store.js';
import { assertBodyId, assertBodyParty, callerParty, upperParty } from '../shared/ownership.js';
import { asPartner } from '../shared/receiver.js';
import type { FunctionalCall } from '../shared/routing.js';
import { unknownLocation } from './own.js';
import type { PublishToken } from './publish.js';
import { Connector, ConnectorPatch, EVSE, EVSEPatch, Location, LocationPatch } from './schema.js';
import {
  findConnector,
  findEvse,
  later,
  mergeConnector,
  mergeEvse,
  mergeLocation,
  upsertConnector,
  upsertEvse,
} from './tree.js';
import type { LocationLevel } from './tree.js';
import { shownToFilter } from './visibility.js';

/** URL segments of the Receiver interface. */
export interface LocationParams {
  country_code: string;
  party_id: string;
  location_id: string;
  evse_uid?: string;
  connector_id?: string;
}

/** A change a CPO partner pushed, emitted after it was stored (for the eMSP's own consumers). */
export interface ReceivedLocationChange {
  method: 'PUT' | 'PATCH';
  level: LocationLevel;
  /** The whole Location after the change. */
  location: Location;
  partnerId: string;
}

export interface WriteOutcome {
  created: boolean;
}

export class ReceivedLocations {
  readonly changes: ChangeEmitter<ReceivedLocationChange>;

  constructor(
    private readonly ctx: NodeContext,
    private readonly store: ObjectStore<Location>,
  ) {
    this.changes = new ChangeEmitter(ctx.logger);
  }

  /** A stored partner Location (library use: the eMSP's apps). */
  async get(countryCode: string, partyId: string, locationId: string): Promise<Location | undefined> {
    return (await this.store.get(false, { countryCode, partyId, id: locationId }))?.object;
  }

  /** `filter` (over received Locations) narrowed to those the owner of `token` may be shown (LOC-14). */
  shownTo(token: PublishToken, filter: ListFilter): Promise<ListFilter> {
    return shownToFilter(this.store, token, filter);
  }

  /** GET: the object at the URL's depth, as stored (LOC-06); 404 when absent. */
  async getJson(call: FunctionalCall, params: LocationParams): Promise<string> {
    const key = this.key(call, params);
    if (params.evse_uid === undefined) {
      const json = await this.store.getJson(asPartner(call), key);
      if (json === undefined) throw unknownLocation(params.location_id);
      return json;
    }
    const stored = await this.store.get(asPartner(call), key);
    if (!stored) throw unknownLocation(params.location_id);
    const evse = findEvse(stored.object, params.evse_uid);
    if (!evse) throw unknown('EVSE', params.evse_uid);
    if (params.connector_id === undefined) return JSON.stringify(evse);
    const connector = findConnector(evse, params.connector_id);
    if (!connector) throw unknown('Connector', params.connector_id);
    return JSON.stringify(connector);
  }

  /** PUT at the URL's depth (LOC-07); an EVSE/Connector under an unknown parent is 404, 2003 (LOC-10). */
  async put(call: FunctionalCall, params: LocationParams, body: unknown): Promise<WriteOutcome> {
    const key = this.key(call, params);
    const owner = asPartner(call);
    const record = asRecord(body);
    if (params.evse_uid === undefined) {
      if (record) {
        assertBodyParty(record, key);
        assertBodyId(record, 'id', params.location_id);
      }
      const location = upperParty(validateOrThrow(Location, body, 'Location'));
      const result = await this.store.put(owner, key, location);
      if (result.changed) await this.emit('PUT', 'location', result.after, call);
      return { created: result.created };
    }
    const evseUid = params.evse_uid;
    if (params.connector_id === undefined) {
      if (record) assertBodyId(record, 'uid', evseUid);
      const evse = validateOrThrow(EVSE, body, 'EVSE');
      let created = false;
      const result = await this.store.modify(owner, key, (current) => {
        if (!current) throw unknownLocation(params.location_id);
        created = upsertEvse(current, evse);
        current.last_updated = later(current.last_updated, evse.last_updated);
        return current;
      });
      if (result?.changed) await this.emit('PUT', 'evse', result.after, call);
      return { created };
    }
    const connectorId = params.connector_id;
    if (record) assertBodyId(record, 'id', connectorId);
    const connector = validateOrThrow(Connector, body, 'Connector');
    let created = false;
    const result = await this.store.modify(owner, key, (current) => {
      if (!current) throw unknownLocation(params.location_id);
      const evse = findEvse(current, evseUid);
      if (!evse) throw OcpiError.notFound(`Unknown EVSE ${evseUid}`, OcpiStatus.UNKNOWN_LOCATION);
      created = upsertConnector(evse, connector);
      evse.last_updated = later(evse.last_updated, connector.last_updated);
      current.last_updated = later(current.last_updated, connector.last_updated);
      return current;
    });
    if (result?.changed) await this.emit('PUT', 'connector', result.after, call);
    return { created };
  }

  /**
   * PATCH at the URL's depth (LOC-09): last_updated required (PIT-13), the merged object validated,
   * nested lists merged by identifier (PIT-12); 404 when the object is absent.
   */
  async patch(call: FunctionalCall, params: LocationParams, body: unknown): Promise<WriteOutcome> {
    const key = this.key(call, params);
    const owner = asPartner(call);
    const { evse_uid: evseUid, connector_id: connectorId } = params;
    let level: LocationLevel;
    let change: (current: Location) => Location | typeof KEEP;
    if (evseUid === undefined) {
      level = 'location';
      const patch = validateOrThrow(LocationPatch, body, 'Location PATCH') as Record<string, unknown>;
      assertBodyParty(patch, key);
      assertBodyId(patch, 'id', params.location_id);
      change = (current) => upperParty(validateOrThrow(Location, mergeLocation(current, patch), 'Location'));
    } else if (connectorId === undefined) {
      level = 'evse';
      const patch = validateOrThrow(EVSEPatch, body, 'EVSE PATCH') as Record<string, unknown>;
      assertBodyId(patch, 'uid', evseUid);
      change = (current) => {
        const before = findEvse(current, evseUid);
        if (!before) throw unknown('EVSE', evseUid);
        const evse = validateOrThrow(EVSE, mergeEvse(before, patch, String(patch.last_updated)), 'EVSE');
        upsertEvse(current, evse);
        current.last_updated = later(current.last_updated, evse.last_updated);
        return current;
      };
    } else {
      level = 'connector';
      const patch = validateOrThrow(ConnectorPatch, body, 'Connector PATCH') as Record<string, unknown>;
      assertBodyId(patch, 'id', connectorId);
      change = (current) => {
        const evse = findEvse(current, evseUid);
        if (!evse) throw unknown('EVSE', evseUid);
        const before = findConnector(evse, connectorId);
        if (!before) throw unknown('Connector', connectorId);
        const connector = validateOrThrow(Connector, mergeConnector(before, patch, String(patch.last_updated)), 'Connector');
        upsertConnector(evse, connector);
        evse.last_updated = later(evse.last_updated, connector.last_updated);
        current.last_updated = later(current.last_updated, connector.last_updated);
        return current;
      };
    }
    const result = await this.store.modify(owner, key, (current) => {
      if (!current) throw unknownLocation(params.location_id);
      return change(current);
    });
    if (result?.changed) await this.emit('PATCH', level, result.after, call);
    return { created: false };
  }

  private key(call: FunctionalCall, params: LocationParams): ObjectKey {
    const party = callerParty(this.ctx, call, params.country_code, params.party_id, 'CPO');
    return { ...party, id: params.location_id };
  }

  private async emit(method: 'PUT' | 'PATCH', level: LocationLevel, location: Location, call: FunctionalCall): Promise<void> {
    await this.changes.emit({ method, level, location, partnerId: call.partner.id });
  }
}

function asRecord(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

function unknown(what: string, id: string): OcpiError {
  return OcpiError.notFound(`Unknown ${what} ${id}`, OcpiStatus.INVALID_PARAMETERS);
}
