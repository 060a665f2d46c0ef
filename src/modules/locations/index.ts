/**
 * The Locations module (mod_locations): the CPO's Sender interface and own-data library API, the
 * eMSP's Receiver interface. `node.context.services.locations` is the library API of a running node
 * (operator API, EVerest bridge, push outbox).
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

/** The Locations library API of a running node: `node.context.services.locations`. */
export interface LocationsApi {
  /** CPO role: own Locations, change events (`cpo.onChange`); undefined when the node is no CPO. */
  cpo?: OwnLocations;
  /** eMSP role: Locations CPO partners pushed, change events; undefined when the node is no eMSP. */
  emsp?: ReceivedLocations;
}

declare module '../module.js' {
  interface NodeServices {
    locations: LocationsApi;
  }
}

/** One node's Locations instances: the store, the CPO's own Locations, the received ones. */
export interface LocationsService {
  own: OwnLocations;
  received: ReceivedLocations;
  store: ObjectStore<Location>;
}

const instances = new WeakMap<NodeContext, LocationsService>();

/**
 * The node's Locations instances (one set per node, the ones the routes use). Prefer
 * `ctx.services.locations`, which holds only the roles the node plays.
 */
export function locationsService(ctx: NodeContext): LocationsService {
  let service = instances.get(ctx);
  if (!service) {
    const store = new ObjectStore<Location>(ctx.db, ctx.dialect, 'locations', {
      columns: (location) => ({ valid_evses: hasValidEvse(location) ? 1 : 0 }),
      logger: ctx.logger,
    });
    service = { own: new OwnLocations(ctx, store), received: new ReceivedLocations(ctx, store), store };
    instances.set(ctx, service);
  }
  return service;
}

export const locationsModule: OcpiModule = {
  name: 'locations',
  interfaces: [declare('locations', 'SENDER', 'CPO'), declare('locations', 'RECEIVER', 'EMSP')],
  register(app, ctx) {
    const { store, own, received } = locationsService(ctx);
    const api: LocationsApi = {};
    if (ctx.ownRoles.has('CPO')) {
      api.cpo = own;
      registerLocationsSender(app, ctx, store);
    }
    if (ctx.ownRoles.has('EMSP')) {
      api.emsp = received;
      registerLocationsReceiver(app, ctx, received);
    }
    ctx.services.locations = api;
  },
};
