/** Valid Tariffs and Tokens for the sync tests (not the spec examples, PIT-22). */
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import type { Token } from '../../src/modules/tokens/schema.js';

export function tariff(id: string, lastUpdated: string, owner = { country_code: 'NL', party_id: 'CPO' }): Tariff {
  return {
    ...owner,
    id,
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }] }],
    last_updated: lastUpdated,
  };
}

export function token(uid: string, owner = { country_code: 'DE', party_id: 'MSP' }): Token {
  return {
    ...owner,
    uid,
    type: 'RFID',
    contract_id: `${owner.country_code}-${owner.party_id}-C${uid}`,
    issuer: 'Sync test eMSP',
    valid: true,
    whitelist: 'ALLOWED',
    last_updated: '2024-03-01T10:00:00Z',
  };
}
