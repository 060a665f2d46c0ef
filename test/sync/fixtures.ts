/** Valid Tariffs for the sync tests (not the spec examples, PIT-22). */
import type { Tariff } from '../../src/modules/tariffs/schema.js';

export function tariff(id: string, lastUpdated: string, owner = { country_code: 'NL', party_id: 'CPO' }): Tariff {
  return {
    ...owner,
    id,
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }] }],
    last_updated: lastUpdated,
  };
}

