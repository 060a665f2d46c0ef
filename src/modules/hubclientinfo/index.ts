/**
 * The HubClientInfo module (mod_hub_client_info): the Receiver interface, a configuration module
 * served whatever roles the node plays. `node.services.hubClientInfo` tells the rest of the node
 * which parties behind a hub are reachable (HUB-04).
 */
import type { NodeContext, OcpiModule } from '../module.js';
import { declare } from '../versions/interfaces.js';
import { registerHubClientInfoRoutes } from './routes.js';
import { HubClientInfoStore } from './store.js';

declare module '../module.js' {
  interface NodeServices {
    hubClientInfo: HubClientInfoStore;
  }
}

export function hubClientInfoOf(ctx: Pick<NodeContext, 'services'>): HubClientInfoStore {
  const found = ctx.services.hubClientInfo;
  if (!found) throw new Error('the hubclientinfo module is not registered on this node');
  return found;
}

export const hubClientInfoModule: OcpiModule = {
  name: 'hubclientinfo',
  interfaces: [declare('hubclientinfo', 'RECEIVER')],
  register(app, ctx) {
    const store = new HubClientInfoStore(ctx.db);
    ctx.services.hubClientInfo = store;
    registerHubClientInfoRoutes(app, store);
  },
};
