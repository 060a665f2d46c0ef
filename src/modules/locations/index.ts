/**
 * The Locations module (mod_locations): the CPO's Sender interface and own-data library API, the
 * eMSP's Receiver interface. `locationsService(ctx)` gives other parts of the node (operator API,
 * EVerest bridge, push outbox) the same instances the routes use.
 */
import type { NodeContext, OcpiModule } from '../module.js';
import { ObjectStore } from '../shared/object-store.js';
import { declare } from '../versions/interfaces.js';
import { OwnLocations } from './own.js';
import { ReceivedLocations } from './receiver.js';
import { registerLocationsReceiver, registerLocationsSender } from './routes.js';
import type { Location } from './schema.js';
import { hasValidEvse } from './tree.js';

export { OwnLocations } from './own.js';
export type { ConnectorInput, EvseInput, Fields, LocationChange, LocationInput, LocationRef } from './own.js';
export { ReceivedLocations } from './receiver.js';
export type { LocationParams, ReceivedLocationChange } from './receiver.js';
export { CPO_LOCATIONS_PATH, EMSP_LOCATIONS_PATH } from './routes.js';
export type { LocationLevel } from './tree.js';

/** The Locations module's services of one node. */
export interface LocationsService {
  /** The CPO's own Locations: library API and change events (`own.onChange`). */
  own: OwnLocations;
  /** Locations CPO partners pushed to this eMSP. */
  received: ReceivedLocations;
  store: ObjectStore<Location>;
}

const services = new WeakMap<NodeContext, LocationsService>();

/** The node's Locations services (created on first use, one set per node). */
export function locationsService(ctx: NodeContext): LocationsService {
  let service = services.get(ctx);
  if (!service) {
    const store = new ObjectStore<Location>(ctx.db, ctx.dialect, 'locations', {
      columns: (location) => ({ valid_evses: hasValidEvse(location) ? 1 : 0 }),
    });
    service = { own: new OwnLocations(ctx, store), received: new ReceivedLocations(ctx, store), store };
    services.set(ctx, service);
  }
  return service;
}

export const locationsModule: OcpiModule = {
  name: 'locations',
  interfaces: [declare('locations', 'SENDER', 'CPO'), declare('locations', 'RECEIVER', 'EMSP')],
  register(app, ctx) {
    const service = locationsService(ctx);
    if (ctx.ownRoles.has('CPO')) registerLocationsSender(app, ctx, service.store);
    if (ctx.ownRoles.has('EMSP')) registerLocationsReceiver(app, ctx, service.received);
  },
};
