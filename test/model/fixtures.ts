/** Hand-written valid OCPI 2.2.1 objects for the model tests (evroam's own data, not spec examples). */
export const T0 = '2024-03-01T08:00:00Z';

export const connector = () => ({
  id: '1',
  standard: 'IEC_62196_T2',
  format: 'SOCKET',
  power_type: 'AC_3_PHASE',
  max_voltage: 230,
  max_amperage: 32,
  tariff_ids: ['T-AC'],
  last_updated: T0,
});

export const evse = () => ({
  uid: 'EVSE-0001',
  evse_id: 'NO*EVR*E0001*1',
  status: 'AVAILABLE',
  capabilities: ['RFID_READER', 'REMOTE_START_STOP_CAPABLE'],
  connectors: [connector(), { ...connector(), id: '2', standard: 'IEC_62196_T2_COMBO', format: 'CABLE', power_type: 'DC', max_voltage: 920, max_amperage: 200 }],
  last_updated: T0,
});

export const location = () => ({
  country_code: 'NO',
  party_id: 'EVR',
  id: 'LOC-0001',
  publish: true,
  name: 'Brygga Lade',
  address: 'Ladeveien 12',
  city: 'Trondheim',
  postal_code: '7041',
  country: 'NOR',
  coordinates: { latitude: '63.444560', longitude: '10.446120' },
  parking_type: 'PARKING_LOT',
  evses: [evse()],
  facilities: ['SUPERMARKET'],
  time_zone: 'Europe/Oslo',
  opening_times: { twentyfourseven: false, regular_hours: [{ weekday: 1, period_begin: '07:00', period_end: '23:00' }] },
  energy_mix: { is_green_energy: true, energy_sources: [{ source: 'WATER', percentage: 100 }] },
  last_updated: T0,
});

export const token = () => ({
  country_code: 'NO',
  party_id: 'MSP',
  uid: '04A1B2C3D4',
  type: 'RFID',
  contract_id: 'NO-MSP-C00042-7',
  issuer: 'Example Mobility',
  valid: true,
  whitelist: 'ALLOWED',
  last_updated: T0,
});

export const cdrToken = () => ({ country_code: 'NO', party_id: 'MSP', uid: '04A1B2C3D4', type: 'RFID', contract_id: 'NO-MSP-C00042-7' });

export const chargingPeriod = () => ({
  start_date_time: T0,
  dimensions: [
    { type: 'ENERGY', volume: 12.5 },
    { type: 'TIME', volume: 0.75 },
  ],
  tariff_id: 'T-AC',
});

export const session = () => ({
  country_code: 'NO',
  party_id: 'EVR',
  id: 'SES-0001',
  start_date_time: T0,
  kwh: 12.5,
  cdr_token: cdrToken(),
  auth_method: 'WHITELIST',
  location_id: 'LOC-0001',
  evse_uid: 'EVSE-0001',
  connector_id: '1',
  currency: 'NOK',
  charging_periods: [chargingPeriod()],
  total_cost: { excl_vat: 50, incl_vat: 62.5 },
  status: 'ACTIVE',
  last_updated: T0,
});

export const tariff = () => ({
  country_code: 'NO',
  party_id: 'EVR',
  id: 'T-AC',
  currency: 'NOK',
  type: 'REGULAR',
  elements: [
    {
      price_components: [{ type: 'ENERGY', price: 3.5, vat: 25, step_size: 1 }],
      restrictions: { start_time: '06:00', end_time: '22:00', day_of_week: ['MONDAY', 'TUESDAY'], min_kwh: 0 },
    },
    { price_components: [{ type: 'ENERGY', price: 2.5, step_size: 1 }] },
  ],
  last_updated: T0,
});

export const cdr = () => ({
  country_code: 'NO',
  party_id: 'EVR',
  id: 'CDR-0001',
  start_date_time: T0,
  end_date_time: '2024-03-01T08:45:00Z',
  session_id: 'SES-0001',
  cdr_token: cdrToken(),
  auth_method: 'WHITELIST',
  cdr_location: {
    id: 'LOC-0001',
    address: 'Ladeveien 12',
    city: 'Trondheim',
    country: 'NOR',
    coordinates: { latitude: '63.444560', longitude: '10.446120' },
    evse_uid: 'EVSE-0001',
    evse_id: 'NO*EVR*E0001*1',
    connector_id: '1',
    connector_standard: 'IEC_62196_T2',
    connector_format: 'SOCKET',
    connector_power_type: 'AC_3_PHASE',
  },
  currency: 'NOK',
  tariffs: [tariff()],
  charging_periods: [chargingPeriod()],
  total_cost: { excl_vat: 43.75, incl_vat: 54.69 },
  total_energy: 12.5,
  total_time: 0.75,
  last_updated: '2024-03-01T08:46:00Z',
});

export const credentials = () => ({
  token: 'b5a1f0f4-2c2d-4c52-9d1e-9a0e3c7e2f10',
  url: 'https://ocpi.example.org/ocpi/versions',
  roles: [
    { role: 'CPO', party_id: 'EVR', country_code: 'NO', business_details: { name: 'evroam CPO' } },
    { role: 'EMSP', party_id: 'EVM', country_code: 'NO', business_details: { name: 'evroam eMSP', website: 'https://example.org' } },
  ],
});
