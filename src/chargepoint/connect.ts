/**
 * What a CPO node wires up around its chargers when it starts: the charging recorder (charger
 * events → Sessions, CDRs, EVSE statuses) and, while the node drives the in-process chargers,
 * those chargers serving the own Locations.
 */
import type { NodeContext } from '../modules/module.js';
import { chargePointsOf } from './attach.js';
import { InProcessChargePoints } from './in-process.js';
import { serveOwnLocations } from './own-locations.js';
import { recordCharging } from './recorder.js';

export function connectChargers(ctx: NodeContext): void {
  if (!ctx.ownRoles.has('CPO')) return;
  recordCharging(ctx);
  const port = chargePointsOf(ctx);
  if (port instanceof InProcessChargePoints) serveOwnLocations(ctx, port);
}
