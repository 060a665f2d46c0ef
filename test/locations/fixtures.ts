/** Valid Locations, EVSEs and Connectors to build tests from (not the spec examples, PIT-22). */
import type { Connector, EVSE, Location } from '../../src/modules/locations/schema.js';

export const T0 = Date.parse('2024-03-01T08:00:00Z');

/** `2024-03-01T08:00:00Z` plus `minutes`. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

export function connector(id: string, lastUpdated: string, extra: Partial<Connector> = {}): Connector {
  return {
    id,
    standard: 'IEC_62196_T2',
    format: 'SOCKET',
    power_type: 'AC_3_PHASE',
    max_voltage: 230,
    max_amperage: 32,
    tariff_ids: ['T1'],
    last_updated: lastUpdated,
    ...extra,
  };
}

export function evse(uid: string, lastUpdated: string, extra: Partial<EVSE> = {}): EVSE {
  return {
    uid,
    evse_id: `NL*CPO*E${uid}`,
    status: 'AVAILABLE',
    capabilities: ['RFID_READER', 'REMOTE_START_STOP_CAPABLE'],
    connectors: [connector('1', lastUpdated), connector('2', lastUpdated, { standard: 'IEC_62196_T2_COMBO', power_type: 'DC', max_voltage: 400, max_amperage: 125 })],
    last_updated: lastUpdated,
    ...extra,
  };
}

export function location(id: string, lastUpdated: string, extra: Partial<Location> = {}, owner = { country_code: 'NL', party_id: 'CPO' }): Location {
  return {
    ...owner,
    id,
    publish: true,
    name: `Location ${id}`,
    address: 'Stationsplein 1',
    city: 'Utrecht',
    postal_code: '3511 ED',
    country: 'NLD',
    coordinates: { latitude: '52.089444', longitude: '5.110278' },
    parking_type: 'ON_STREET',
    evses: [evse(`${id}-1`, lastUpdated), evse(`${id}-2`, lastUpdated)],
    time_zone: 'Europe/Amsterdam',
    last_updated: lastUpdated,
    ...extra,
  };
}
