/** A CDR of the test CPO (NL/CPO) for a token of the test eMSP (DE/MSP). */
import type { CDR } from '../../src/modules/cdrs/schema.js';

export function cdr(id: string, overrides: Partial<CDR> = {}): CDR {
  return {
    country_code: 'NL',
    party_id: 'CPO',
    id,
    start_date_time: '2024-05-01T10:00:00Z',
    end_date_time: '2024-05-01T11:00:00Z',
    session_id: `S-${id}`,
    cdr_token: { country_code: 'DE', party_id: 'MSP', uid: 'AA11', type: 'RFID', contract_id: 'DE-MSP-CAA11' },
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC1',
      address: 'Stationsplein 1',
      city: 'Amsterdam',
      postal_code: '1012AB',
      country: 'NLD',
      coordinates: { latitude: '52.378900', longitude: '4.900000' },
      evse_uid: 'EVSE1',
      evse_id: 'NL*CPO*E1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: 'EUR',
    charging_periods: [{ start_date_time: '2024-05-01T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }] }],
    total_cost: { excl_vat: 3, incl_vat: 3.63 },
    total_energy: 10,
    total_time: 1,
    last_updated: '2024-05-01T11:00:00Z',
    ...overrides,
  };
}
