/** The CPO's tariff of the charging tests: energy and time, with VAT. */
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import { at } from '../locations/fixtures.js';

export const TARIFF: Tariff = {
  country_code: 'NL',
  party_id: 'CPO',
  id: 'TCHG',
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }, { type: 'TIME', price: 1.2, vat: 21, step_size: 60 }] }],
  last_updated: at(0),
};
