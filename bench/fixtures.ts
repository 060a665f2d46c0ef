/**
 * Bench fixtures. Large data sets (10,000 Locations, 1,000,000 Tokens) are written straight into
 * the object tables in batches — going through the library API one object at a time would make the
 * set-up, not the measurement, the long part. One sample object is validated against its schema so
 * the stored data is what the API would have stored.
 */
import { validateOrThrow } from '../src/core/validation.js';
import { Location } from '../src/modules/locations/schema.js';
import { Token } from '../src/modules/tokens/schema.js';
import type { EvroamNode } from '../src/node.js';

const STAMP = '2024-01-01T00:00:00Z';

export function location(i: number, countryCode = 'NL', partyId = 'EVR') {
  const id = `LOC${String(i).padStart(7, '0')}`;
  const evse = (n: number) => ({
    uid: `${id}-E${n}`,
    evse_id: `${countryCode}*${partyId}*E${String(i).padStart(7, '0')}${n}`,
    status: 'AVAILABLE',
    capabilities: ['RFID_READER', 'REMOTE_START_STOP_CAPABLE'],
    connectors: [1, 2].map((c) => ({
      id: String(c),
      standard: c === 1 ? 'IEC_62196_T2' : 'IEC_62196_T2_COMBO',
      format: c === 1 ? 'SOCKET' : 'CABLE',
      power_type: c === 1 ? 'AC_3_PHASE' : 'DC',
      max_voltage: c === 1 ? 400 : 920,
      max_amperage: c === 1 ? 32 : 200,
      max_electric_power: c === 1 ? 22000 : 150000,
      tariff_ids: ['T-STANDARD'],
      last_updated: STAMP,
    })),
    coordinates: { latitude: '52.37403', longitude: '4.88969' },
    physical_reference: `P${n}`,
    floor_level: '0',
    last_updated: STAMP,
  });
  return {
    country_code: countryCode,
    party_id: partyId,
    id,
    publish: true,
    name: `Charging plaza ${i}`,
    address: `Stationsplein ${i % 500}`,
    city: 'Amsterdam',
    postal_code: '1012AB',
    country: 'NLD',
    coordinates: { latitude: '52.37403', longitude: '4.88969' },
    parking_type: 'ON_STREET',
    evses: [1, 2, 3].map(evse),
    operator: { name: 'evroam bench operator', website: 'https://example.com' },
    time_zone: 'Europe/Amsterdam',
    opening_times: { twentyfourseven: true },
    charging_when_closed: true,
    last_updated: STAMP,
  };
}

export function token(i: number, countryCode = 'NL', partyId = 'EVR') {
  return {
    country_code: countryCode,
    party_id: partyId,
    uid: `UID${String(i).padStart(10, '0')}`,
    type: 'RFID',
    contract_id: `${countryCode}-${partyId}-C${String(i).padStart(9, '0')}`,
    issuer: 'evroam bench',
    valid: i % 10 !== 0,
    whitelist: 'ALLOWED',
    last_updated: STAMP,
  };
}

async function bulkInsert(node: EvroamNode, table: string, count: number, row: (i: number) => Record<string, unknown>) {
  const db = node.context.db as any;
  const batch = node.context.dialect === 'sqlite' ? 400 : 1000;
  for (let start = 0; start < count; start += batch * 25) {
    await db.transaction().execute(async (trx: any) => {
      for (let b = start; b < Math.min(count, start + batch * 25); b += batch) {
        const rows = [];
        for (let i = b; i < Math.min(count, b + batch); i++) rows.push(row(i));
        await trx.insertInto(table).values(rows).execute();
      }
    });
  }
}

/** Own Locations of the node's CPO party NL*EVR, as own objects of the Locations table. */
export async function loadLocations(node: EvroamNode, count: number): Promise<void> {
  validateOrThrow(Location, location(0), 'bench Location');
  await bulkInsert(node, 'locations', count, (i) => {
    const l = location(i);
    return { own: 1, partner_id: null, country_code: 'NL', party_id: 'EVR', id: l.id, variant: '', last_updated: '2024-01-01T00:00:00.000Z', data: JSON.stringify(l), valid_evses: 1 };
  });
}

/** Own Tokens of the node's eMSP party NL*EVR. */
export async function loadTokens(node: EvroamNode, count: number): Promise<void> {
  validateOrThrow(Token, token(0), 'bench Token');
  await bulkInsert(node, 'tokens', count, (i) => {
    const t = token(i);
    return { own: 1, partner_id: null, country_code: 'NL', party_id: 'EVR', id: t.uid, variant: 'RFID', last_updated: '2024-01-01T00:00:00.000Z', data: JSON.stringify(t) };
  });
}
