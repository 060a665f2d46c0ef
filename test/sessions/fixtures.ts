/** A Session of the test CPO (NL/CPO) for a token of the test eMSP (DE/MSP), and its charging periods. */
import type { ChargingPeriod } from '../../src/modules/cdrs/schema.js';
import type { Session } from '../../src/modules/sessions/schema.js';

export function period(minute: number, kwh: number): ChargingPeriod {
  return { start_date_time: `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`, dimensions: [{ type: 'ENERGY', volume: kwh }] };
}

export function session(id: string, overrides: Partial<Session> = {}): Session {
  return {
    country_code: 'NL',
    party_id: 'CPO',
    id,
    start_date_time: '2024-05-01T10:00:00Z',
    kwh: 0,
    cdr_token: { country_code: 'DE', party_id: 'MSP', uid: 'AA11', type: 'RFID', contract_id: 'DE-MSP-CAA11' },
    auth_method: 'WHITELIST',
    location_id: 'LOC1',
    evse_uid: 'EVSE1',
    connector_id: '1',
    currency: 'EUR',
    charging_periods: [period(0, 1.5)],
    status: 'ACTIVE',
    last_updated: '2024-05-01T10:00:00Z',
    ...overrides,
  };
}
