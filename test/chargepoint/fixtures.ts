/** The CPO's tariff and charging site of the charging tests. */
import { locationsService } from '../../src/modules/locations/index.js';
import type { Tariff } from '../../src/modules/tariffs/schema.js';
import type { EvroamNode } from '../../src/node.js';
import { at, connector, evse, location } from '../locations/fixtures.js';

/** Energy and time, with VAT. */
export const TARIFF: Tariff = {
  country_code: 'NL',
  party_id: 'CPO',
  id: 'TCHG',
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }, { type: 'TIME', price: 1.2, vat: 21, step_size: 60 }] }],
  last_updated: at(0),
};

/** The CPO's charging site: TARIFF and Location CHG with EVSE CHG-1, whose connector 1 charges under it. */
export async function publishChargingSite(node: EvroamNode): Promise<void> {
  await node.services.tariffs!.cpo!.put(TARIFF);
  const plug = connector('1', at(0), { tariff_ids: ['TCHG'] });
  await locationsService(node.context).own.putLocation(location('CHG', at(0), { evses: [evse('CHG-1', at(0), { connectors: [plug] })] }));
}
