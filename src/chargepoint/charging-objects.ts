/**
 * How a charger's transaction becomes OCPI objects (pure: no I/O, no clock): the Session when it
 * starts, what a meter value adds to it and when that is worth telling partners, and the CDR when
 * it ends. The charging recorder (recorder.ts) feeds it and stores the results.
 */
import { formatDateTime } from '../core/datetime.js';
import type { AuthMethod, CDR, CdrLocation, ChargingPeriod } from '../modules/cdrs/schema.js';
import type { Connector, EVSE, Location } from '../modules/locations/schema.js';
import type { Session } from '../modules/sessions/schema.js';
import type { Tariff } from '../modules/tariffs/schema.js';
import { priceSession } from '../modules/tariffs/pricing/index.js';
import type { MeterValue, PricedSession } from '../modules/tariffs/pricing/index.js';
import type { ChargingAuthorization, TransactionStarted } from './port.js';

/** Where a transaction runs, as published when it started (a CDR is sealed with these, CDR-08). */
export interface ChargingPlace {
  location: Location;
  evse: EVSE;
  connector: Connector;
  /** The connector's tariffs found among the own Tariffs, in the connector's order. */
  tariffs: Tariff[];
}

/** When the recorder tells partners about a running session's progress (SES-12). */
export interface UpdatePolicy {
  /** A new kWh reading is published once this long has passed since the last one published… */
  updateIntervalMs: number;
  /** …or once this much energy was charged since. */
  updateKwh: number;
}

/** What was last published of a running session. */
export interface Progress {
  at: Date;
  kwh: number;
}

const AUTH_METHODS: Record<ChargingAuthorization, AuthMethod> = {
  REMOTE_START: 'COMMAND',
  LOCAL_LIST: 'WHITELIST',
  BACKEND: 'AUTH_REQUEST',
};

/** The ACTIVE Session of a transaction that just started (SES-10, SES-11, SES-14). */
export function startedSession(started: TransactionStarted, place: ChargingPlace, currency: string): Omit<Session, 'last_updated'> {
  const { token } = started;
  const session: Omit<Session, 'last_updated'> = {
    country_code: place.location.country_code,
    party_id: place.location.party_id,
    id: started.sessionId,
    start_date_time: formatDateTime(started.startedAt),
    kwh: 0,
    cdr_token: { country_code: token.countryCode, party_id: token.partyId, uid: token.uid, type: token.type as Session['cdr_token']['type'], contract_id: token.contractId },
    auth_method: AUTH_METHODS[started.authorization],
    location_id: place.location.id,
    evse_uid: place.evse.uid,
    connector_id: place.connector.id,
    currency: place.tariffs[0]?.currency ?? currency,
    charging_periods: [],
    status: 'ACTIVE',
  };
  if (started.authorizationReference !== undefined) session.authorization_reference = started.authorizationReference;
  if (started.meterId !== undefined) session.meter_id = started.meterId;
  return session;
}

/** kWh charged: the register now minus at the start, to the Wh. */
export function chargedKwh(meterStartWh: number, registerWh: number): number {
  return Math.round(Math.max(0, registerWh - meterStartWh)) / 1000;
}

/** Whether a reading is worth a PATCH: enough time or enough energy since the last one published. */
export function worthPublishing(last: Progress, now: Progress, policy: UpdatePolicy): boolean {
  return now.at.getTime() - last.at.getTime() >= policy.updateIntervalMs || now.kwh - last.kwh >= policy.updateKwh;
}

/**
 * The charging period a PATCH appends (SES-06: PATCHed periods are appended): what was charged
 * since the last published reading, under the tariff that applies.
 */
export function progressPeriod(last: Progress, now: Progress, tariffId: string | undefined): ChargingPeriod {
  const period: ChargingPeriod = {
    start_date_time: formatDateTime(last.at),
    dimensions: [
      { type: 'ENERGY', volume: round(now.kwh - last.kwh) },
      { type: 'TIME', volume: round((now.at.getTime() - last.at.getTime()) / 3_600_000) },
    ],
  };
  if (tariffId !== undefined) period.tariff_id = tariffId;
  return period;
}

/** The session priced under the connector's tariffs up to `end`; undefined when it has none. */
export function priceTransaction(place: ChargingPlace, start: Date, end: Date, readings: readonly MeterValue[]): PricedSession | undefined {
  if (place.tariffs.length === 0 || end.getTime() <= start.getTime()) return undefined;
  return priceSession({
    tariffs: place.tariffs,
    time_zone: place.location.time_zone,
    session: { start_date_time: formatDateTime(start), end_date_time: formatDateTime(end), meter_values: [...readings] },
  });
}

/** The CDR of a finished, priced session (CDR-12): location, EVSE, connector and tariff as at its start. */
export function cdrOf(session: Session, place: ChargingPlace, priced: PricedSession, remark?: string): Omit<CDR, 'last_updated'> {
  const tariff = place.tariffs.find((t) => t.id === priced.tariff_id);
  const cdr: Omit<CDR, 'last_updated'> = {
    country_code: session.country_code,
    party_id: session.party_id,
    id: session.id,
    start_date_time: priced.start_date_time,
    end_date_time: priced.end_date_time,
    session_id: session.id,
    cdr_token: session.cdr_token,
    auth_method: session.auth_method,
    cdr_location: cdrLocation(place),
    currency: priced.currency,
    tariffs: tariff ? [tariff] : [],
    charging_periods: priced.charging_periods,
    total_cost: priced.total_cost,
    total_fixed_cost: priced.total_fixed_cost,
    total_energy: priced.total_energy,
    total_energy_cost: priced.total_energy_cost,
    total_time: priced.total_time,
    total_time_cost: priced.total_time_cost,
    total_parking_time: priced.total_parking_time,
    total_parking_cost: priced.total_parking_cost,
  };
  if (session.authorization_reference != null) cdr.authorization_reference = session.authorization_reference;
  if (session.meter_id != null) cdr.meter_id = session.meter_id;
  if (remark !== undefined) cdr.remark = remark.slice(0, 255);
  return cdr;
}

/** CdrLocation (CDR-13): the Location with only the EVSE and Connector used; evse_id falls back to the uid. */
export function cdrLocation({ location, evse, connector }: ChargingPlace): CdrLocation {
  const cdrLocation: CdrLocation = {
    id: location.id,
    address: location.address,
    city: location.city,
    country: location.country,
    coordinates: location.coordinates,
    evse_uid: evse.uid,
    evse_id: evse.evse_id ?? evse.uid,
    connector_id: connector.id,
    connector_standard: connector.standard,
    connector_format: connector.format,
    connector_power_type: connector.power_type,
  };
  if (location.name != null) cdrLocation.name = location.name;
  if (location.postal_code != null) cdrLocation.postal_code = location.postal_code;
  // CdrLocation.state is string(20), Location.state string(45): a longer state is cut, so the CDR
  // (money) is never lost to a field that only repeats the address.
  if (location.state != null) cdrLocation.state = location.state.slice(0, 20);
  return cdrLocation;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
